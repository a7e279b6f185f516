//! PDFs in the hub's own layout (transcripts, certificates), made with krilla: text in DejaVu
//! Sans, embedded and subset; QR codes drawn as vector squares and linked to what they encode;
//! tagged (headings, paragraphs, figures with their words, links), so a screen reader reads
//! them in order. Layout first (`Layout`: blocks placed onto pages, lines wrapped by the fonts'
//! own shaped widths), drawing after (`Layout::finish`), because a krilla page borrows its
//! document while it is drawn.

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use std::num::NonZeroU16;

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, the size most of the hub's readers print on; A4 printers scale it.
const PAGE: (f32, f32) = (612.0, 792.0);
const MARGIN: f32 = 54.0;
/// Room kept at the foot of each page for its number.
const FOOT: f32 = 36.0;

/// How a run of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Style {
    Title,
    Heading,
    Strong,
    Body,
    Small,
    /// Large and bold (a name on a certificate).
    Display,
    /// Large, bold and red: what must not be missed (a revoked certificate).
    Alert,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Display => 26.0,
            Style::Title => 20.0,
            Style::Alert => 16.0,
            Style::Heading => 13.0,
            Style::Strong | Style::Body => 10.5,
            Style::Small => 8.5,
        }
    }
    fn bold(self) -> bool {
        matches!(
            self,
            Style::Title | Style::Heading | Style::Strong | Style::Display | Style::Alert
        )
    }
    /// Dark gray for small print, still above 7:1 on white; red for an alert (5.9:1).
    fn color(self) -> rgb::Color {
        match self {
            Style::Small => rgb::Color::new(68, 68, 68),
            Style::Alert => rgb::Color::new(176, 0, 32),
            _ => rgb::Color::new(20, 20, 20),
        }
    }
    fn leading(self) -> f32 {
        self.size() * 1.35
    }
}

/// What a block is, for the tag tree.
#[derive(Clone, Debug)]
pub enum Role {
    Heading(u16),
    Paragraph,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Align {
    Left,
    Center,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
        block: usize,
    },
    Qr {
        x: f32,
        y: f32,
        module: f32,
        code: qrcode::QrCode,
        block: usize,
    },
    Link {
        rect: (f32, f32, f32, f32),
        url: String,
        block: usize,
    },
    /// A thin line across the page: decoration, not content.
    Rule { x: f32, y: f32, w: f32 },
}

impl Op {
    fn shift(&mut self, dy: f32) {
        match self {
            Op::Text { y, .. } | Op::Qr { y, .. } | Op::Rule { y, .. } => *y += dy,
            Op::Link { rect, .. } => rect.1 += dy,
        }
    }
}

/// The dark modules of a QR code as (row, column), as they are drawn.
fn dark_modules(code: &qrcode::QrCode) -> Vec<(usize, usize)> {
    let w = code.width();
    code.to_colors()
        .into_iter()
        .enumerate()
        .filter(|(_, c)| *c == qrcode::Color::Dark)
        .map(|(i, _)| (i / w, i % w))
        .collect()
}

#[derive(Debug)]
enum Block {
    Text(Role),
    Figure(String),
}

/// A document being laid out.
pub struct Layout {
    pages: Vec<Vec<Op>>,
    blocks: Vec<Block>,
    y: f32,
    size: (f32, f32),
    /// Words at the foot of every page, beside its number.
    footer: String,
    /// A double rule around each page's content (a certificate).
    framed: bool,
}

/// Width of one character in points: its glyph's advance in the bundled font.
fn char_width(c: char, style: Style) -> f32 {
    use skrifa::instance::{LocationRef, Size};
    use skrifa::{FontRef, MetadataProvider};
    thread_local! {
        static FACES: (FontRef<'static>, FontRef<'static>) = (
            FontRef::new(REGULAR).expect("the bundled regular font parses"),
            FontRef::new(BOLD).expect("the bundled bold font parses"),
        );
    }
    FACES.with(|(regular, bold)| {
        let face = if style.bold() { bold } else { regular };
        let glyph = face.charmap().map(c).unwrap_or_default();
        face.glyph_metrics(Size::new(style.size()), LocationRef::default())
            .advance_width(glyph)
            .unwrap_or(0.0)
    })
}

/// Width of `text` in points: its glyphs' advances. Kerning, which krilla applies as it draws,
/// moves a line's end by a fraction of a point; `wrap` leaves room for it.
fn width(text: &str, style: Style) -> f32 {
    text.chars().map(|c| char_width(c, style)).sum()
}

/// `text` broken into lines no wider than `max`; a word longer than a line (an address) is
/// broken between characters. Each character is measured once, so a long text costs in
/// proportion to its length.
pub fn wrap(text: &str, style: Style, max: f32) -> Vec<String> {
    let max = max - 1.0;
    let space = char_width(' ', style);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let (mut line, mut line_width) = (String::new(), 0.0);
        for word in paragraph.split_whitespace() {
            let widths: Vec<f32> = word.chars().map(|c| char_width(c, style)).collect();
            let word_width: f32 = widths.iter().sum();
            if line.is_empty() && word_width <= max {
                (line, line_width) = (word.to_string(), word_width);
                continue;
            }
            if !line.is_empty() && line_width + space + word_width <= max {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            for (c, w) in word.chars().zip(widths) {
                if line_width + w > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

impl Layout {
    pub fn new(footer: impl Into<String>) -> Layout {
        Layout::sized(PAGE, footer)
    }

    /// Landscape US Letter (a certificate).
    pub fn landscape(footer: impl Into<String>) -> Layout {
        Layout::sized((PAGE.1, PAGE.0), footer)
    }

    fn sized(size: (f32, f32), footer: impl Into<String>) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            blocks: Vec::new(),
            y: MARGIN,
            size,
            footer: footer.into(),
            framed: false,
        }
    }

    /// A double rule around the page, and the content centred between top and foot (a one-page
    /// document: a certificate).
    pub fn framed_and_centred(&mut self) {
        self.framed = true;
        if let [page] = &mut self.pages[..] {
            let dy = ((self.size.1 - MARGIN - FOOT - self.y) / 2.0).max(0.0);
            page.iter_mut().for_each(|op| op.shift(dy));
        }
    }

    fn text_width(&self) -> f32 {
        self.size.0 - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.size.1 - MARGIN - FOOT
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more fits on this one.
    pub fn keep(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    /// A block of text across the page's width.
    pub fn text(&mut self, role: Role, style: Style, align: Align, text: &str) {
        let (x, w) = (MARGIN, self.text_width());
        self.text_in(role, style, align, text, x, w);
    }

    /// A block of text in the column at `x`, `w` wide; the lines' height.
    fn text_in(&mut self, role: Role, style: Style, align: Align, text: &str, x: f32, w: f32) -> f32 {
        let block = self.blocks.len();
        self.blocks.push(Block::Text(role));
        let start = self.y;
        for line in wrap(text, style, w) {
            self.keep(style.leading());
            self.y += style.leading();
            let lx = match align {
                Align::Left => x,
                Align::Center => x + (w - width(&line, style)).max(0.0) / 2.0,
            };
            // The baseline sits a quarter of the leading above the line's foot.
            self.push(Op::Text {
                x: lx,
                y: self.y - style.leading() * 0.25,
                style,
                text: line,
                block,
            });
        }
        self.y - start
    }

    /// A linked address as text, the whole line clickable.
    pub fn link(&mut self, style: Style, align: Align, url: &str) {
        let lines = wrap(url, style, self.text_width());
        let height = style.leading() * lines.len() as f32;
        self.keep(height);
        let top = self.y;
        self.text(Role::Paragraph, style, align, url);
        let block = self.blocks.len() - 1;
        let widest = lines.iter().map(|l| width(l, style)).fold(0.0, f32::max);
        let x = match align {
            Align::Left => MARGIN,
            Align::Center => MARGIN + (self.text_width() - widest).max(0.0) / 2.0,
        };
        self.push(Op::Link {
            rect: (x, top, widest, height),
            url: url.to_string(),
            block,
        });
    }

    /// A QR code of `url`, `side` points square, linked to it, with `alt` for readers who
    /// cannot see it.
    pub fn qr(&mut self, url: &str, side: f32, align: Align, alt: &str) {
        self.keep(side);
        let x = match align {
            Align::Left => MARGIN,
            Align::Center => (self.size.0 - side) / 2.0,
        };
        let y = self.y;
        self.place_qr(url, x, y, side, alt);
        self.y += side;
    }

    fn place_qr(&mut self, url: &str, x: f32, y: f32, side: f32, alt: &str) {
        let Ok(code) = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) else {
            return;
        };
        let block = self.blocks.len();
        self.blocks.push(Block::Figure(alt.to_string()));
        let module = side / code.width() as f32;
        self.push(Op::Qr {
            x,
            y,
            module,
            code,
            block,
        });
        self.push(Op::Link {
            rect: (x, y, side, side),
            url: url.to_string(),
            block,
        });
    }

    /// Lines of text with a QR code of `url` to their right, kept together on one page.
    pub fn entry(&mut self, lines: &[(Style, String)], qr: Option<(&str, &str)>) {
        let side = 62.0;
        let column = if qr.is_some() {
            self.text_width() - side - 14.0
        } else {
            self.text_width()
        };
        let height: f32 = lines
            .iter()
            .map(|(style, text)| wrap(text, *style, column).len() as f32 * style.leading())
            .sum::<f32>()
            .max(if qr.is_some() { side } else { 0.0 });
        self.keep(height);
        let top = self.y;
        for (style, text) in lines {
            self.text_in(Role::Paragraph, *style, Align::Left, text, MARGIN, column);
        }
        if let Some((url, alt)) = qr {
            self.place_qr(url, self.size.0 - MARGIN - side, top + 2.0, side, alt);
        }
        self.y = top + height;
    }

    /// A thin rule across the page.
    pub fn rule(&mut self) {
        self.keep(10.0);
        self.y += 5.0;
        let (x, y, w) = (MARGIN, self.y, self.text_width());
        self.push(Op::Rule { x, y, w });
        self.y += 5.0;
    }

    /// The finished PDF, titled `title`.
    pub fn finish(self, title: &str) -> Result<Vec<u8>, crate::error::HubError> {
        let regular = Font::new(REGULAR.into(), 0).expect("the bundled regular font loads");
        let bold = Font::new(BOLD.into(), 0).expect("the bundled bold font loads");
        let font = |s: Style| if s.bold() { bold.clone() } else { regular.clone() };
        let fill = |c: rgb::Color| {
            Some(Fill {
                paint: c.into(),
                opacity: NormalizedF32::ONE,
                rule: FillRule::NonZero,
            })
        };
        let mut document = Document::new_with(SerializeSettings::default());
        let mut groups: Vec<TagGroup> = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Text(Role::Heading(level)) => {
                    TagGroup::new(Tag::Hn(NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN), None))
                }
                Block::Text(Role::Paragraph) => TagGroup::new(Tag::P),
                Block::Figure(alt) => TagGroup::new(Tag::Figure(Some(alt.clone()))),
            })
            .collect();
        let count = self.pages.len();
        let size = Size::from_wh(self.size.0, self.size.1).expect("a page has a size");
        for (n, ops) in self.pages.into_iter().enumerate() {
            let mut page = document.start_page_with(PageSettings::new(size));
            let mut links = Vec::new();
            {
                let mut surface = page.surface();
                for op in ops {
                    match op {
                        Op::Text {
                            x,
                            y,
                            style,
                            text,
                            block,
                        } => {
                            surface.set_fill(fill(style.color()));
                            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                            surface.draw_text(
                                Point::from_xy(x, y),
                                font(style),
                                style.size(),
                                &text,
                                false,
                                TextDirection::Auto,
                            );
                            surface.end_tagged();
                            groups[block].push(id);
                        }
                        Op::Qr {
                            x,
                            y,
                            module,
                            code,
                            block,
                        } => {
                            let mut path = PathBuilder::new();
                            for (r, c) in dark_modules(&code) {
                                if let Some(rect) =
                                    Rect::from_xywh(x + c as f32 * module, y + r as f32 * module, module, module)
                                {
                                    path.push_rect(rect);
                                }
                            }
                            surface.set_fill(fill(rgb::Color::black()));
                            let id = surface.start_tagged(ContentTag::Other);
                            if let Some(path) = path.finish() {
                                surface.draw_path(&path);
                            }
                            surface.end_tagged();
                            groups[block].push(id);
                        }
                        Op::Rule { x, y, w } => {
                            let mut path = PathBuilder::new();
                            if let Some(r) = Rect::from_xywh(x, y, w, 0.75) {
                                path.push_rect(r);
                            }
                            surface.set_fill(fill(rgb::Color::new(170, 170, 170)));
                            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
                            if let Some(path) = path.finish() {
                                surface.draw_path(&path);
                            }
                            surface.end_tagged();
                        }
                        Op::Link { rect, url, block } => links.push((rect, url, block)),
                    }
                }
                if self.framed {
                    let brand = rgb::Color::new(11, 110, 105);
                    let mut path = PathBuilder::new();
                    for (inset, weight) in [(MARGIN / 2.0, 3.0), (MARGIN / 2.0 + 6.0, 1.0)] {
                        let (w, h) = (self.size.0 - 2.0 * inset, self.size.1 - 2.0 * inset);
                        for r in [
                            Rect::from_xywh(inset, inset, w, weight),
                            Rect::from_xywh(inset, inset + h - weight, w, weight),
                            Rect::from_xywh(inset, inset, weight, h),
                            Rect::from_xywh(inset + w - weight, inset, weight, h),
                        ]
                        .into_iter()
                        .flatten()
                        {
                            path.push_rect(r);
                        }
                    }
                    surface.set_fill(fill(brand));
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                    surface.end_tagged();
                }
                // The page's foot: its number (decoration, repeated on every page).
                let foot = format!("{} · page {} of {count}", self.footer, n + 1);
                surface.set_fill(fill(Style::Small.color()));
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::PageNumber)));
                surface.draw_text(
                    Point::from_xy(MARGIN, self.size.1 - MARGIN + 10.0),
                    font(Style::Small),
                    Style::Small.size(),
                    &foot,
                    false,
                    TextDirection::Auto,
                );
                surface.end_tagged();
                surface.finish();
            }
            for ((x, y, w, h), url, block) in links {
                let Some(rect) = Rect::from_xywh(x, y, w.max(1.0), h.max(1.0)) else {
                    continue;
                };
                let annotation = Annotation::new_link(
                    LinkAnnotation::new(rect, Target::Action(LinkAction::new(url.clone()).into())),
                    Some(url),
                );
                let id = page.add_tagged_annotation(annotation);
                let mut link = TagGroup::new(Tag::Link);
                link.push(id);
                groups[block].push(link);
            }
            page.finish();
        }
        let mut tree = TagTree::new();
        for group in groups {
            tree.push(group);
        }
        document.set_metadata(
            Metadata::new()
                .title(title.to_string())
                .language("en".to_string())
                .creator("Champion Hub".to_string()),
        );
        document.set_tag_tree(tree.with_lang(Some("en".to_string())));
        document
            .finish()
            .map_err(|e| crate::error::HubError::Corrupt(format!("the PDF could not be made: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_within_the_width_and_long_words_break() {
        let lines = wrap(
            "Continuing education for palliative care champions and their teams",
            Style::Body,
            150.0,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, Style::Body) <= 150.0));
        let url = "https://hub.example.org/certificates/K7QM-2XPA-9TRD/and/a/very/long/path/indeed";
        let lines = wrap(url, Style::Small, 100.0);
        assert_eq!(lines.concat(), url);
        assert!(lines.iter().all(|l| width(l, Style::Small) <= 100.0));
        // Wide characters, one too wide for the column: each on a line of its own, none split.
        let lines = wrap("😀😀 日本語のタイトル", Style::Title, 5.0);
        assert_eq!(lines.concat(), "😀😀日本語のタイトル");
    }

    /// The squares drawn read back, by a QR decoder that is not ours, as the address encoded.
    #[test]
    fn a_drawn_qr_code_reads_back_as_its_address() {
        let url = "https://hub.example.org/certificates/K7QM-2XPA-9TRD";
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).unwrap();
        let (scale, quiet) = (4usize, 4usize);
        let side = (code.width() + 2 * quiet) * scale;
        let mut pixels = vec![255u8; side * side];
        for (r, c) in dark_modules(&code) {
            for dy in 0..scale {
                for dx in 0..scale {
                    pixels[((r + quiet) * scale + dy) * side + (c + quiet) * scale + dx] = 0;
                }
            }
        }
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, url);
    }

    #[test]
    fn a_document_of_several_pages_is_made() {
        let mut layout = Layout::new("Test");
        layout.text(Role::Heading(1), Style::Title, Align::Left, "A title");
        for n in 0..60 {
            layout.entry(
                &[
                    (Style::Strong, format!("Entry {n}")),
                    (Style::Body, "Some words".into()),
                ],
                (n % 2 == 0).then_some(("https://hub.example.org/certificates/K7QM-2XPA-9TRD", "QR code")),
            );
        }
        layout.rule();
        layout.link(Style::Small, Align::Center, "https://hub.example.org/");
        let pages = layout.pages.len();
        assert!(pages > 2, "{pages}");
        let pdf = layout.finish("Test").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
