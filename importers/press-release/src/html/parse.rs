//! HTML parsing with the tree's depth bounded, as browsers bound it.
//!
//! html5ever looks through the stack of open elements for each start tag, so
//! a page of thousands of nested elements takes time quadratic in its size.
//! Like Blink, start tags past [`MAX_DEPTH`] open elements are dropped (with
//! their end tags): their text still lands, in the deepest element kept.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;

use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerResult,
};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::LocalName;
use scraper::{Html, HtmlTreeSink};

/// Blink's limit on the depth of the tree its parser builds.
const MAX_DEPTH: usize = 512;

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose end tag may be left out: the parser closes them when the
/// next one starts, so an unclosed run of them does not nest.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption",
];

pub fn parse_document(html: &str) -> Html {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), Default::default());
    let tokenizer = Tokenizer::new(DepthLimit::new(builder), Default::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// Passes tokens on to the tree builder, minus the start tags that would
/// open more than [`MAX_DEPTH`] elements and the end tags that close them.
struct DepthLimit<S> {
    inner: S,
    /// The elements open, as far as tags tell: an end tag closes the
    /// nearest open element of its name and those opened after it, as the
    /// tree builder does; one that closes nothing open is ignored.
    open: RefCell<Vec<LocalName>>,
    dropped: RefCell<HashMap<LocalName, usize>>,
}

impl<S> DepthLimit<S> {
    fn new(inner: S) -> Self {
        DepthLimit {
            inner,
            open: RefCell::new(Vec::new()),
            dropped: RefCell::new(HashMap::new()),
        }
    }

    /// Whether the tag goes on to the tree builder.
    fn keeps(&self, tag: &Tag) -> bool {
        let name: &str = &tag.name;
        // The self-closing flag means nothing on other elements: `<div/>`
        // stays open.
        if VOID.contains(&name) || OPTIONAL_END.contains(&name) {
            return true;
        }
        let mut open = self.open.borrow_mut();
        let mut dropped = self.dropped.borrow_mut();
        match tag.kind {
            TagKind::StartTag if open.len() >= MAX_DEPTH => {
                *dropped.entry(tag.name.clone()).or_default() += 1;
                false
            }
            TagKind::StartTag => {
                open.push(tag.name.clone());
                true
            }
            TagKind::EndTag => match dropped.get_mut(&tag.name) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => {
                    if let Some(at) = open.iter().rposition(|n| *n == tag.name) {
                        open.truncate(at);
                    }
                    true
                }
            },
        }
    }
}

impl<S: TokenSink> TokenSink for DepthLimit<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        match &token {
            Token::TagToken(tag) if !self.keeps(tag) => TokenSinkResult::Continue,
            _ => self.inner.process_token(token, line_number),
        }
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_document, MAX_DEPTH};

    fn depth_of_deepest_div(html: &scraper::Html) -> usize {
        let div = scraper::Selector::parse("div").unwrap();
        html.select(&div)
            .map(|d| d.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_stops_at_the_limit_and_the_text_is_kept() {
        let depth = 20_000;
        let html = format!(
            "<body>{}deep text{}<p>after</p></body>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let document = parse_document(&html);
        assert!(depth_of_deepest_div(&document) <= MAX_DEPTH + 1);
        let text: String = document.root_element().text().collect();
        assert_eq!(text, "deep textafter");
    }

    #[test]
    fn self_closing_divs_and_stray_end_tags_do_not_get_past_the_limit() {
        for html in [
            format!("<body>{}deep text</body>", "<div/>".repeat(20_000)),
            format!("<body>{}deep text</body>", "<div></span>".repeat(20_000)),
            format!("<body>{}deep text</body>", "<rt>".repeat(20_000)),
        ] {
            let document = parse_document(&html);
            let deepest = document
                .root_element()
                .descendants()
                .map(|n| n.ancestors().count())
                .max()
                .unwrap_or(0);
            assert!(deepest <= MAX_DEPTH + 4, "{deepest}");
            let text: String = document.root_element().text().collect();
            assert_eq!(text, "deep text");
        }
    }

    #[test]
    fn ordinary_pages_parse_as_before() {
        let html =
            "<html><body><div><p>one<p>two<ul><li>a<li>b</ul></div><br><img src=x></body></html>";
        assert_eq!(
            parse_document(html).root_element().html(),
            scraper::Html::parse_document(html).root_element().html()
        );
    }
}
