//! A setup file's bytes → its sheets of cells (for `shared::setup`), and the
//! template the office downloads. Excel (.xlsx, a zip: told by its first
//! bytes) is read with calamine; anything else is CSV: UTF-8 (with or
//! without a BOM), or GBK/GB18030 as Excel on Chinese Windows saves it.

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use shared::setup::rows::Sheet;
use shared::setup::{ACCOUNT_HEADERS, ORG_HEADERS};
use shared::Lang;
use std::io::Cursor;

/// Why a file could not be read as a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("not a readable Excel workbook: {0}")]
    BadWorkbook(String),
    #[error("not a readable CSV file: {0}")]
    BadCsv(String),
    #[error("the text is neither UTF-8 nor GBK")]
    BadEncoding,
}

impl FileError {
    /// A sentence for the office, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileError::Empty, Lang::Zh) => "文件是空的".into(),
            (FileError::Empty, Lang::En) => "The file is empty".into(),
            (FileError::BadWorkbook(_), Lang::Zh) => {
                "无法读取该Excel文件，请使用下载的模板（.xlsx）或另存为CSV".into()
            }
            (FileError::BadWorkbook(_), Lang::En) => {
                "The Excel file cannot be read: use the downloaded template (.xlsx) or save it as CSV".into()
            }
            (FileError::BadCsv(d), Lang::Zh) => format!("无法读取该CSV文件：{d}"),
            (FileError::BadCsv(d), Lang::En) => format!("The CSV file cannot be read: {d}"),
            (FileError::BadEncoding, Lang::Zh) => {
                "文件编码无法识别，请在Excel中“另存为”“CSV UTF-8（逗号分隔）”后再上传".into()
            }
            (FileError::BadEncoding, Lang::En) => {
                "The file's text encoding is not recognised: save it as “CSV UTF-8 (comma delimited)” and upload again".into()
            }
        }
    }
}

/// The sheets of an uploaded file.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        Ok(vec![(String::new(), read_csv(&decode(bytes)?)?)])
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    let bad = |e: calamine::XlsxError| FileError::BadWorkbook(e.to_string());
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(bad)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(bad)?;
        // A range starts at its first used cell: put the empty columns and
        // rows before it back, so cells keep their columns and rows their numbers.
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row = vec![String::new(); first_col as usize];
                row.extend(cells.iter().map(|c| c.to_string()));
                (first_row + i as u32 + 1, row)
            })
            .collect();
        sheets.push((name, rows));
    }
    Ok(sheets)
}

/// The text of a CSV file: UTF-8 (a BOM dropped), else GBK (GB18030, its
/// superset) if it decodes without a single replacement.
fn decode(bytes: &[u8]) -> Result<String, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        Err(FileError::BadEncoding)
    } else {
        Ok(text.into_owned())
    }
}

fn read_csv(text: &str) -> Result<Vec<(u32, Vec<String>)>, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| FileError::BadCsv(e.to_string()))?;
        // The record's line as an editor shows it: its position may sit on
        // blank lines the reader skipped before it, so count from its first
        // byte that is not a line break.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let skipped = text
            .get(start..)
            .map_or(0, |t| t.len() - t.trim_start_matches(['\r', '\n']).len());
        let line = 1 + text.as_bytes()[..(start + skipped).min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// The template's notes, one per line (each starts with `#`: not imported).
const NOTES: [&str; 6] = [
    "# 巾帼台账：组织与账号批量导入模板。以 # 开头的行不会导入，可保留或删除。",
    "# 组织：上级写上级组织的名称（已有的或本表中的；重名时写“上级/名称”），顶层组织上级留空。类型：街道妇联、村妇联、社区妇联、企业妇联、妇女小组。",
    "# 账号：用户名为3至32位小写字母、数字或 . _ -；角色：管理员、妇联干部、只读查看；所属组织写组织名称。",
    "# 已存在的组织（同一上级下同名）和账号（同一用户名）不会重复创建：同一文件导入两次不会改变任何内容。",
    "# 新账号的一次性密码在导入后显示一次，可打印发放；首次登录须修改密码。",
    "# 下面以“#例”开头的是示例行，照着格式填写即可。",
];

/// The template as CSV (UTF-8 with a BOM, so Excel reads the Chinese).
pub fn template_csv(root_name: &str) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let line = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    for note in NOTES {
        out += &line(&[note]);
    }
    out += &line(&ORG_HEADERS);
    for row in example_orgs(root_name) {
        out += &line(&row.each_ref().map(String::as_str));
    }
    out += "\r\n";
    out += &line(&ACCOUNT_HEADERS);
    for row in EXAMPLE_ACCOUNTS {
        out += &line(&row);
    }
    out.into_bytes()
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

fn example_orgs(root_name: &str) -> [[String; 3]; 2] {
    [
        [
            format!("#例：{root_name}"),
            "某某村妇联".into(),
            "村妇联".into(),
        ],
        [
            "#例：某某村妇联".into(),
            "某某村第一妇女小组".into(),
            "妇女小组".into(),
        ],
    ]
}

const EXAMPLE_ACCOUNTS: [[&str; 4]; 1] = [["#例：moumou", "王某某", "妇联干部", "某某村妇联"]];

/// A sheet of the template: its name, its headers, its example rows.
type Section<'a> = (&'a str, &'a [&'a str], Vec<Vec<String>>);

/// The template as an Excel workbook: sheets 组织 and 账号, notes on top,
/// the header row bold, an example row in grey.
pub fn template_xlsx(root_name: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let note = Format::new().set_font_color("#555555");
    let header = Format::new().set_bold().set_background_color("#F2E6EA");
    let example = Format::new().set_font_color("#888888").set_italic();
    let orgs: Vec<Vec<String>> = example_orgs(root_name).iter().map(|r| r.to_vec()).collect();
    let accounts: Vec<Vec<String>> = EXAMPLE_ACCOUNTS
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let sections: [Section; 2] = [
        ("组织", &ORG_HEADERS, orgs),
        ("账号", &ACCOUNT_HEADERS, accounts),
    ];
    for (name, headers, examples) in sections {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        let mut row = 0;
        for n in NOTES {
            sheet.write_string_with_format(row, 0, n, &note)?;
            row += 1;
        }
        for (col, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *h, &header)?;
            sheet.set_column_width(col as u16, 24)?;
        }
        row += 1;
        for ex in examples {
            for (col, cell) in ex.iter().enumerate() {
                sheet.write_string_with_format(row, col as u16, cell, &example)?;
            }
            row += 1;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_read_and_other_bytes_refused() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("上级,名称,类型\r\n平邑街道妇联,新村妇联,村妇联\r\n");
        let sheets = read(&gbk).unwrap();
        assert_eq!(sheets[0].1[1].1, vec!["平邑街道妇联", "新村妇联", "村妇联"]);
        let lines: Vec<u32> = read("a\n\n\"b\nc\"\nd\n".as_bytes()).unwrap()[0]
            .1
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(lines, vec![1, 3, 5], "numbered as the file's lines, from 1");
        assert_eq!(read(&[0x81, 0x20, 0xFF]), Err(FileError::BadEncoding));
        assert_eq!(read(b""), Err(FileError::Empty));
    }

    #[test]
    fn the_templates_read_back_as_empty_sections() {
        for bytes in [
            template_csv("平邑街道妇联"),
            template_xlsx("平邑街道妇联").unwrap(),
        ] {
            let rows = shared::setup::read_rows(read(&bytes).unwrap()).unwrap();
            assert!(rows.orgs.is_empty() && rows.accounts.is_empty(), "{rows:?}");
        }
    }
}
