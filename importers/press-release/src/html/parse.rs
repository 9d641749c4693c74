//! HTML parsing with the tree's depth bounded, as browsers bound it.
//!
//! html5ever looks through the stack of open elements for each start tag, so
//! a page of thousands of nested elements takes time quadratic in its size.
//! Like Blink, start tags past [`MAX_DEPTH`] open elements are dropped (with
//! their end tags): their text still lands, in the deepest element kept.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

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
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rtc", "rp", "colgroup", "caption",
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
    open: Cell<usize>,
    dropped: RefCell<HashMap<LocalName, usize>>,
}

impl<S> DepthLimit<S> {
    fn new(inner: S) -> Self {
        DepthLimit {
            inner,
            open: Cell::new(0),
            dropped: RefCell::new(HashMap::new()),
        }
    }

    /// Whether the tag goes on to the tree builder.
    fn keeps(&self, tag: &Tag) -> bool {
        let name: &str = &tag.name;
        if tag.self_closing || VOID.contains(&name) || OPTIONAL_END.contains(&name) {
            return true;
        }
        let mut dropped = self.dropped.borrow_mut();
        match tag.kind {
            TagKind::StartTag if self.open.get() >= MAX_DEPTH => {
                *dropped.entry(tag.name.clone()).or_default() += 1;
                false
            }
            TagKind::StartTag => {
                self.open.set(self.open.get() + 1);
                true
            }
            TagKind::EndTag => match dropped.get_mut(&tag.name) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => {
                    self.open.set(self.open.get().saturating_sub(1));
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
    fn ordinary_pages_parse_as_before() {
        let html =
            "<html><body><div><p>one<p>two<ul><li>a<li>b</ul></div><br><img src=x></body></html>";
        assert_eq!(
            parse_document(html).root_element().html(),
            scraper::Html::parse_document(html).root_element().html()
        );
    }
}
