//! Reading the code schema (`alloy-code-schema/components.json`, `config_blocks.json`).

use serde::Deserialize;
use std::collections::BTreeMap;

/// One struct field as the code schema describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeField {
    pub kind: String,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub repeated: bool,
    #[serde(default)]
    pub go_type: String,
    #[serde(default)]
    pub resolved_type: Option<String>,
    #[serde(default)]
    pub underlying: Option<String>,
    #[serde(default)]
    pub children: Option<BTreeMap<String, CodeField>>,
    #[serde(default)]
    pub recursive: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CodeComponent {
    pub stability: String,
    #[serde(default)]
    pub community: bool,
    #[serde(default)]
    pub args: Option<BTreeMap<String, CodeField>>,
    #[serde(default)]
    pub exports: Option<BTreeMap<String, CodeField>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CodeConfigBlock {
    #[serde(default)]
    pub args: Option<BTreeMap<String, CodeField>>,
}

#[derive(Debug, Deserialize)]
struct ConfigBlocksFile {
    config_blocks: BTreeMap<String, CodeConfigBlock>,
}

pub fn parse_components(text: &str) -> Result<BTreeMap<String, CodeComponent>, String> {
    serde_json::from_str(text).map_err(|e| format!("components.json: {e}"))
}

pub fn parse_config_blocks(text: &str) -> Result<BTreeMap<String, CodeConfigBlock>, String> {
    serde_json::from_str::<ConfigBlocksFile>(text)
        .map(|f| f.config_blocks)
        .map_err(|e| format!("config_blocks.json: {e}"))
}

/// The struct-tag name of a block's label field.
pub const LABEL_FIELD: &str = "__label__";
