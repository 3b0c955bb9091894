//! XLSX: frozen header, column widths, number formats; rows streamed to
//! disk (constant-memory worksheets), a new sheet when one is full.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};

use crate::rows::{Field, Ty, V};
use crate::{Shape, Sink};

/// Rows of data a worksheet holds (1,048,576 minus the header).
const SHEET_ROWS: u32 = 1_048_575;

pub(crate) struct XlsxSink {
    path: PathBuf,
    book: Workbook,
    fields: Vec<Field>,
    shape: Shape,
    sheets: usize,
    /// The next row of the current sheet.
    row: u32,
    header: Format,
    int: Format,
    num: Format,
}

fn err(e: rust_xlsxwriter::XlsxError) -> String {
    e.to_string()
}

impl XlsxSink {
    pub fn new(path: &Path, fields: Vec<Field>, shape: Shape) -> XlsxSink {
        XlsxSink {
            path: path.to_path_buf(),
            book: Workbook::new(),
            fields,
            shape,
            sheets: 0,
            row: SHEET_ROWS + 1,
            header: Format::new().set_bold(),
            int: Format::new().set_num_format("0"),
            num: Format::new().set_num_format("General"),
        }
    }

    fn new_sheet(&mut self) -> Result<(), String> {
        self.sheets += 1;
        let name = match (self.shape, self.sheets) {
            (Shape::Long, 1) => "数据".to_string(),
            (Shape::Wide, 1) => "报告".to_string(),
            (Shape::Long, n) => format!("数据{n}"),
            (Shape::Wide, n) => format!("报告{n}"),
        };
        let ws = self
            .book
            .add_worksheet_with_constant_memory()
            .map_err(err)?;
        ws.set_name(&name).map_err(err)?;
        ws.set_freeze_panes(1, 0).map_err(err)?;
        for (c, f) in self.fields.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| "列数超过 XLSX 上限".to_string())?;
            ws.set_column_width(c, f.width).map_err(err)?;
            ws.write_string_with_format(0, c, f.name.as_ref(), &self.header)
                .map_err(err)?;
        }
        self.row = 1;
        Ok(())
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, row: &[V]) -> Result<(), String> {
        if self.row > SHEET_ROWS {
            self.new_sheet()?;
        }
        let r = self.row;
        let XlsxSink {
            book,
            sheets,
            fields,
            int,
            num,
            ..
        } = &mut *self;
        let ws = book.worksheet_from_index(*sheets - 1).map_err(err)?;
        for (c, (v, field)) in row.iter().zip(fields.iter()).enumerate() {
            let ty = field.ty;
            let c = c as u16;
            match v {
                V::Null => {}
                V::S(s) => {
                    ws.write_string(r, c, *s).map_err(err)?;
                }
                V::Own(s) => {
                    ws.write_string(r, c, s).map_err(err)?;
                }
                V::I(n) => {
                    let f = if ty == Ty::Int64 { &*num } else { &*int };
                    ws.write_number_with_format(r, c, *n as f64, f)
                        .map_err(err)?;
                }
                V::F(x) | V::Cell(Some(x), _) => {
                    ws.write_number_with_format(r, c, *x, num).map_err(err)?;
                }
                V::Cell(None, m) => {
                    if !m.is_empty() {
                        ws.write_string(r, c, *m).map_err(err)?;
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if self.sheets == 0 {
            self.new_sheet()?;
        }
        self.book.save(&self.path).map_err(err)
    }
}
