//! Prints what the PDF reader makes of a file: one line per text line, with its style
//! (`--json` prints the whole export). A debugging aid for the PDF reader.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let password = args.iter().find_map(|a| a.strip_prefix("--password="));
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match offprint::read::pdf::read(
            &bytes,
            path.as_ref(),
            password,
            &offprint::Limits::default(),
        ) {
            Ok(export) if json => println!(
                "{}",
                serde_json::to_string_pretty(&export).unwrap_or_default()
            ),
            Ok(export) => print_export(&export),
            Err(e) => eprintln!("{e}"),
        }
    }
}

fn print_export(export: &offprint::read::Export) {
    for page in &export.pages {
        println!("=== page {} ({} links)", page.number, page.links.len());
        for line in &page.lines {
            let s = line.style.as_ref();
            let tag = s.map(|s| {
                let role = s.role.map(|r| format!("{r:?}")).unwrap_or_default();
                format!(
                    "{:5.1} {:5.1} {:4.1}{}{} {role}",
                    s.x,
                    s.y,
                    s.size,
                    if s.bold { "B" } else { "" },
                    if s.italic { "I" } else { "" }
                )
            });
            let marks: Vec<String> = line
                .marks
                .iter()
                .map(|m| format!("{:?}@{}..{}", m.kind, m.start, m.end))
                .collect();
            println!(
                "{:<32}|{}|{}",
                tag.unwrap_or_default(),
                line.text,
                if marks.is_empty() {
                    String::new()
                } else {
                    format!("  {marks:?}")
                }
            );
        }
    }
    println!("{:?}", export.info);
}
