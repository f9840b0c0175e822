//! A file of outreach templates split into the templates it holds: by heading, by fenced
//! block, or by `---` separator (Markdown and plain text), the layout detected unless it is
//! given; an HTML file is its text. Each template keeps where it starts (line) and its name.

use overture::Channel;

/// How a file is cut into templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    /// Detect the layout: fenced blocks, then `---` separators, then headings, else the whole file.
    Auto,
    /// One template per heading: the text under it, up to the next heading.
    Heading,
    /// One template per fenced code block (```).
    Fence,
    /// Templates separated by a line of `---` (or `***`, `___`).
    Rule,
    /// The whole file is one template.
    None,
}

/// One template: its text, the 1-based line of the file its first line is on, and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub name: String,
    pub line: usize,
    pub text: String,
    /// The channel the template's heading names, if it names one.
    pub channel: Option<Channel>,
}

/// The channel a heading names: a connection note, an InMail or LinkedIn message, or none.
pub fn channel_of(heading: &str) -> Option<Channel> {
    let h = heading.to_ascii_lowercase();
    if ["connection note", "connection request", "invitation", "invite note", "connect note"]
        .iter()
        .any(|k| h.contains(k))
    {
        Some(Channel::LinkedinNote)
    } else if h.contains("inmail") || h.contains("linkedin") {
        Some(Channel::LinkedinMessage)
    } else if h.contains("email") || h.contains("e-mail") {
        Some(Channel::Email)
    } else {
        None
    }
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
        Some((hashes, t[hashes..].trim().trim_end_matches('#').trim()))
    } else {
        None
    }
}

fn fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

fn rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'*') || t.bytes().all(|b| b == b'_'))
}

/// Trims blank lines around a run of lines; returns the text and how many lines were dropped
/// at its start.
fn trimmed(lines: &[&str]) -> (String, usize) {
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(first, |i| i + 1);
    (lines[first..last.max(first)].join("\n"), first)
}

/// Splits a Markdown or plain-text file.
pub fn split(text: &str, mode: Split) -> Vec<Template> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mode = match mode {
        Split::Auto => detect(&lines),
        m => m,
    };
    let mut out = Vec::new();
    let mut push = |name: String, from: usize, body: &[&str], channel: Option<Channel>| {
        let (text, skipped) = trimmed(body);
        if text.split_whitespace().count() >= 3 {
            out.push(Template { name, line: from + skipped + 1, text, channel });
        }
    };
    match mode {
        Split::None | Split::Auto => push("(whole file)".into(), 0, &lines, None),
        Split::Heading => {
            // A section followed by a deeper heading is an introduction to its subsections
            // ("# Templates / what follows… / ## Cold email"), not a template.
            let mut current: Option<(String, usize, usize)> = None; // name, first line, level
            let mut start = 0;
            for (i, l) in lines.iter().enumerate() {
                if let Some((level, h)) = heading(l) {
                    match current.take() {
                        Some((name, from, parent)) if level <= parent => {
                            push(name.clone(), from, &lines[start..i], channel_of(&name))
                        }
                        Some(_) => {}
                        None => push("(before the first heading)".into(), 0, &lines[start..i], None),
                    }
                    current = Some((h.to_string(), i + 1, level));
                    start = i + 1;
                }
            }
            let (name, from, _) = current.unwrap_or(("(whole file)".into(), 0, 0));
            push(name.clone(), from, &lines[start..], channel_of(&name));
        }
        Split::Fence => {
            let mut last_heading = String::new();
            let mut open: Option<usize> = None;
            let mut n = 0;
            for (i, l) in lines.iter().enumerate() {
                if open.is_none() {
                    if let Some((_, h)) = heading(l) {
                        last_heading = h.to_string();
                    }
                }
                if fence(l) {
                    match open.take() {
                        Some(from) => {
                            n += 1;
                            let name =
                                if last_heading.is_empty() { format!("block {n}") } else { last_heading.clone() };
                            let channel = channel_of(&name);
                            push(name, from, &lines[from..i], channel);
                        }
                        None => open = Some(i + 1),
                    }
                }
            }
        }
        Split::Rule => {
            let mut start = 0;
            let mut n = 0;
            let mut in_fence = false;
            let body_name = |body: &[&str], n: usize| {
                body.iter().find_map(|l| heading(l)).map_or(format!("part {n}"), |(_, h)| h.to_string())
            };
            for (i, l) in lines.iter().enumerate() {
                in_fence ^= fence(l);
                if !in_fence && rule(l) {
                    n += 1;
                    let name = body_name(&lines[start..i], n);
                    let channel = channel_of(&name);
                    push(name, start, &lines[start..i], channel);
                    start = i + 1;
                }
            }
            let name = body_name(&lines[start..], n + 1);
            let channel = channel_of(&name);
            push(name, start, &lines[start..], channel);
        }
    }
    // A heading's own line is not part of any template: drop headings left inside bodies
    // (a `---` part that starts with its title).
    for t in &mut out {
        if heading(t.text.lines().next().unwrap_or("")).is_some() {
            let rest: Vec<&str> = t.text.lines().skip(1).collect();
            let (text, skipped) = trimmed(&rest);
            t.text = text;
            t.line += 1 + skipped;
        }
    }
    out.retain(|t| t.text.split_whitespace().count() >= 3);
    out
}

/// The layout of a file: two or more fenced blocks, else two or more `---` separators, else
/// headings with text under them, else one template.
fn detect(lines: &[&str]) -> Split {
    let fences = lines.iter().filter(|l| fence(l)).count() / 2;
    let rules = lines.iter().filter(|l| rule(l)).count();
    let headings = lines.iter().filter(|l| heading(l).is_some()).count();
    if fences >= 2 {
        Split::Fence
    } else if rules >= 2 {
        Split::Rule
    } else if headings >= 1 {
        Split::Heading
    } else {
        Split::None
    }
}

/// The text of an HTML page: tags removed (block elements end lines), common entities decoded,
/// the head, scripts and styles left out. Lines and columns of findings are then lines and
/// columns of this text.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            let tag = &lower[i + 1..end.saturating_sub(1).max(i + 1)];
            let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if (name == "script" || name == "style" || name == "head" || name == "title") && !tag.starts_with('/') {
                // Skip to the closing tag.
                let close = format!("</{name}");
                i = lower[end..].find(&close).map_or(b.len(), |c| end + c);
                continue;
            }
            if [
                "p",
                "div",
                "br",
                "li",
                "tr",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "blockquote",
                "section",
                "article",
                "ul",
                "ol",
                "table",
            ]
            .contains(&name.as_str())
            {
                out.push('\n');
            }
            i = end;
        } else if b[i] == b'&' {
            let end = html[i..].find(';').filter(|&e| e <= 10).map(|e| i + e + 1);
            let decoded = end.and_then(|e| match &html[i..e] {
                "&amp;" => Some("&"),
                "&lt;" => Some("<"),
                "&gt;" => Some(">"),
                "&quot;" => Some("\""),
                "&#39;" | "&apos;" | "&rsquo;" => Some("'"),
                "&nbsp;" => Some(" "),
                "&mdash;" => Some("—"),
                "&ndash;" => Some("–"),
                _ => None,
            });
            match (decoded, end) {
                (Some(d), Some(e)) => {
                    out.push_str(d);
                    i = e;
                }
                _ => {
                    out.push('&');
                    i += 1;
                }
            }
        } else {
            let next = html[i..].find(['<', '&']).map_or(b.len(), |n| i + n);
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    // Collapse the blank lines the tags left.
    let mut lines: Vec<&str> = Vec::new();
    for l in out.lines().map(str::trim_end) {
        if !(l.trim().is_empty() && lines.last().is_none_or(|p| p.trim().is_empty())) {
            lines.push(l);
        }
    }
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_fences_and_rules() {
        let md = "# Templates\nWhat we send, by step.\n\n## Cold email\nHi {{first_name}}, we help teams.\n\n## LinkedIn connection note\nHi Ana, loved your talk on kilns.\n";
        let t = split(md, Split::Auto);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].name.as_str(), t[0].line, t[0].channel), ("Cold email", 5, Some(Channel::Email)));
        assert_eq!(
            (t[1].name.as_str(), t[1].line, t[1].channel),
            ("LinkedIn connection note", 8, Some(Channel::LinkedinNote))
        );
        let fenced =
            "## One\n```\nHi there, we help teams grow.\n```\n\n## Two\n```text\nThanks for the talk, Ana!\n```\n";
        let t = split(fenced, Split::Auto);
        assert_eq!(t.iter().map(|t| (t.name.as_str(), t.line)).collect::<Vec<_>>(), [("One", 3), ("Two", 8)]);
        let ruled = "Hi Ana, thanks for the talk.\n---\nHi Bo, we help teams grow.\n---\nHi Cy, just checking in.\n";
        let t = split(ruled, Split::Auto);
        assert_eq!(t.iter().map(|t| t.line).collect::<Vec<_>>(), [1, 3, 5]);
        assert_eq!(split("Just one plain draft here.", Split::Auto).len(), 1);
    }

    #[test]
    fn html_is_its_text() {
        let t = html_text("<html><style>p{}</style><body><p>Hi Ana,</p><p>We help teams&nbsp;grow &amp; thrive.</p><script>x()</script></body></html>");
        assert_eq!(t, "Hi Ana,\n\nWe help teams grow & thrive.");
    }
}
