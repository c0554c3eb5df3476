<?php
// Print an article HTML to PDF with TCPDF, as a CMS print module does: default header
// (site name, article title) and footer (page N/M) on, HTML through writeHTML().
// usage: php tcpdf.php IN.html OUT.pdf
require_once('/usr/share/php/tcpdf/tcpdf.php');
[$_, $in, $out] = $argv;
$html = file_get_contents($in);
preg_match('#<h1>(.*?)</h1>#s', $html, $m);
$title = html_entity_decode(strip_tags($m[1] ?? ''), ENT_QUOTES | ENT_HTML5, 'UTF-8');
chdir(dirname($in)); // images are relative to the HTML
$pdf = new TCPDF(PDF_PAGE_ORIENTATION, PDF_UNIT, 'LETTER', true, 'UTF-8', false);
$pdf->SetCreator(PDF_CREATOR);
$pdf->SetTitle($title);
$pdf->SetHeaderData('', 0, 'Global-e Journal', $title);
$pdf->setHeaderFont([PDF_FONT_NAME_MAIN, '', PDF_FONT_SIZE_MAIN]);
$pdf->setFooterFont([PDF_FONT_NAME_DATA, '', PDF_FONT_SIZE_DATA]);
$pdf->SetMargins(PDF_MARGIN_LEFT, PDF_MARGIN_TOP, PDF_MARGIN_RIGHT);
$pdf->SetHeaderMargin(PDF_MARGIN_HEADER);
$pdf->SetFooterMargin(PDF_MARGIN_FOOTER);
$pdf->SetAutoPageBreak(true, PDF_MARGIN_BOTTOM);
$pdf->SetFont('dejavusans', '', 11);
$pdf->AddPage();
$body = preg_replace('#^.*<body[^>]*>|</body>.*$#s', '', $html);
preg_match('#<style>(.*?)</style>#s', $html, $css);
$pdf->writeHTML('<style>' . ($css[1] ?? '') . '</style>' . $body, true, false, true, false, '');
$pdf->Output($out, 'F');
