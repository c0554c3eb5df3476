<?php
// Print an article HTML to PDF with dompdf, as a CMS print module does.
// Debian's php-dompdf ships no .ufm metrics for its DejaVu fonts, so every font the page
// names is registered here from its TrueType file: dompdf then builds the metrics with
// php-font-lib into FONTDIR (otherwise text silently falls back to a core font).
// usage: php dompdf.php IN.html OUT.pdf FONTDIR
require_once('/usr/share/php/dompdf/autoload.php');
use Dompdf\Dompdf;
use Dompdf\Options;
[$_, $in, $out, $fontdir] = $argv;
@mkdir($fontdir, 0777, true);
$o = new Options();
$o->setChroot(['/', dirname($in)]);
$o->setFontDir($fontdir);
$o->setFontCache($fontdir);
$o->setIsRemoteEnabled(false);
$o->setDefaultPaperSize('letter');
$d = new Dompdf($o);
$fm = $d->getFontMetrics();
$faces = [
  'DejaVu Sans' => ['/usr/share/fonts/truetype/dejavu/DejaVuSans', ['' => 'normal/normal', '-Bold' => 'bold/normal', '-Oblique' => 'normal/italic', '-BoldOblique' => 'bold/italic']],
  'Liberation Sans' => ['/usr/share/fonts/truetype/liberation2/LiberationSans', ['-Regular' => 'normal/normal', '-Bold' => 'bold/normal', '-Italic' => 'normal/italic', '-BoldItalic' => 'bold/italic']],
  'Liberation Serif' => ['/usr/share/fonts/truetype/liberation2/LiberationSerif', ['-Regular' => 'normal/normal', '-Bold' => 'bold/normal', '-Italic' => 'normal/italic', '-BoldItalic' => 'bold/italic']],
];
foreach ($faces as $family => [$base, $styles]) {
  foreach ($styles as $suffix => $ws) {
    [$weight, $style] = explode('/', $ws);
    $file = $base . $suffix . '.ttf';
    if (is_file($file)) {
      $fm->registerFont(['family' => $family, 'weight' => $weight, 'style' => $style], 'file://' . $file);
    }
  }
}
$d->loadHtml(file_get_contents($in));
$d->setBasePath(dirname($in) . '/');
$d->setPaper('letter');
$d->render();
file_put_contents($out, $d->output());
