//! The words around the tables: agency, title, preamble with the 统计期限,
//! the six numbered sections with narrative, the signature and the date.
//!
//! The sentences that state quantities the tables also hold (申请 received,
//! carried over, granted, 行政复议 and 行政诉讼, 规范性文件 issued) use the
//! numbers as printed in the tables, so the narrative never contradicts them.

use gongkai_extract::meta::SECTIONS;
use gongkai_model::{Decimal, TableId, Template, TemplateId};
use rand::seq::IndexedRandom;
use rand::Rng;

use crate::grid::{self, Grid};
use crate::values::Table;
use crate::Layout;

/// A block of the document, in reading order.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Title(String),
    /// A paragraph (a section heading is a paragraph too).
    Para(String),
    /// An empty line between paragraphs, as Word's text export writes it.
    Gap,
    Table(Grid),
    /// A line set flush right: the signature and the date.
    Right(String),
}

/// The two characters of a city name.
const CITY_FIRST: [&str; 30] = [
    "临", "青", "云", "安", "宁", "白", "金", "清", "长", "丰", "南", "东", "西", "秀", "平", "兴",
    "永", "嘉", "汉", "泰", "玉", "春", "桐", "凤", "鹤", "松", "梅", "柳", "桂", "龙",
];
const CITY_SECOND: [&str; 30] = [
    "江", "川", "溪", "和", "远", "河", "沙", "源", "屏", "泽", "岭", "禾", "山", "湖", "丘", "阳",
    "州", "城", "峰", "浦", "林", "原", "台", "关", "塘", "坪", "桥", "门", "滨", "港",
];

const BUREAUS: [&str; 30] = [
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "医疗保障局",
    "统计局",
    "司法局",
    "审计局",
    "城市管理局",
    "发展和改革委员会",
    "工业和信息化局",
    "科学技术局",
    "公安局",
    "退役军人事务局",
    "林业局",
    "体育局",
    "民族宗教事务局",
    "信访局",
    "数据局",
];

const ROADS: &[&str] = &[
    "人民路",
    "解放路",
    "建设大道",
    "中山路",
    "政通路",
    "文化街",
    "滨江路",
    "新华路",
];

/// How many agency names there are (city × bureau).
pub const AGENCIES: u64 = 30 * 30 * 30;

/// Who publishes the report, about which year, and when.
#[derive(Debug, Clone)]
pub(crate) struct People {
    pub city: String,
    pub agency: String,
    pub year: i32,
    pub title: String,
    pub day: u32,
    road: &'static str,
    number: u32,
    zip: u32,
    phone: u32,
    area: u32,
}

impl People {
    /// Draw the people; `agency` picks one of the [`AGENCIES`] agencies by
    /// number instead of at random.
    pub fn draw<R: Rng + ?Sized>(template: TemplateId, rng: &mut R, agency: Option<u64>) -> People {
        let k = agency.unwrap_or_else(|| rng.random_range(0..AGENCIES));
        // A bijection of 0..AGENCIES (7919 is prime to it), so that
        // consecutive numbers give unrelated names.
        let k = (k % AGENCIES) * 7919 % AGENCIES;
        let k = usize::try_from(k).unwrap_or(0);
        let city = format!("{}{}市", CITY_FIRST[k % 30], CITY_SECOND[k / 30 % 30]);
        let agency = format!("{city}{}", BUREAUS[k / 900 % 30]);
        let year = match template {
            TemplateId::Y2019 => rng.random_range(2019..=2020),
            TemplateId::Y2021 => rng.random_range(2021..=2024),
        };
        People {
            title: format!("{agency}{year}年度政府信息公开工作年度报告"),
            city,
            agency,
            year,
            day: rng.random_range(5..=31),
            road: ROADS.choose(rng).unwrap_or(&"人民路"),
            number: rng.random_range(1..=300),
            zip: rng.random_range(100..=899) * 1000 + rng.random_range(0..10) * 100,
            phone: rng.random_range(2_000_000..=8_999_999),
            area: rng.random_range(310..=999),
        }
    }

    /// The publication date as printed.
    pub fn date(&self) -> String {
        format!("{}年1月{}日", self.year + 1, self.day)
    }

    /// The publication date for the DOCX's ZIP entries.
    pub fn docx_time(&self) -> (u16, u8, u8) {
        (
            u16::try_from(self.year + 1).unwrap_or(2025),
            1,
            u8::try_from(self.day).unwrap_or(10),
        )
    }
}

/// `一`…`六`.
fn numeral(n: u8) -> &'static str {
    ["一", "二", "三", "四", "五", "六"][usize::from(n.clamp(1, 6)) - 1]
}

/// The heading of section `n` as the template (sections 二–四) or the
/// extractor's list of canonical headings (一, 五, 六) words it.
fn heading(def: &Template, n: u8) -> String {
    let words = match n {
        2 => def.table(TableId::Active).heading,
        3 => def.table(TableId::Apply).heading,
        4 => def.table(TableId::Review).heading,
        _ => SECTIONS
            .iter()
            .find(|s| s.0 == n)
            .map(|s| s.1[0])
            .unwrap_or(""),
    };
    format!("{}、{}", numeral(n), words)
}

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, options: &[&'a str]) -> &'a str {
    options.choose(rng).copied().unwrap_or("")
}

/// A count as the narrative writes it (a whole number), if the cell holds one.
fn count(def: &Template, table: &Table, id: &str) -> Option<Decimal> {
    table.number(def, id).filter(|v| v.fract().is_zero())
}

/// The numbers the narrative states, as printed in the tables.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// 制发行政规范性文件 (2021 template).
    issued: Option<Decimal>,
    /// 现行有效行政规范性文件 (stated with `issued`).
    in_force: Option<Decimal>,
    /// 收到政府信息公开申请 (0: 未收到).
    new: Option<Decimal>,
    /// 予以公开 and 部分公开 (stated when some application was received).
    granted: Option<Decimal>,
    partial: Option<Decimal>,
    /// 上年结转, 结转下年度 (stated when not zero).
    carried_in: Option<Decimal>,
    carried_out: Option<Decimal>,
    /// 行政复议 and 行政诉讼 in all.
    review: Option<(Decimal, Decimal)>,
}

/// The cell each statement is about.
const FACT_CELLS: [&str; 8] = [
    "active.normative.issued",
    "active.normative.in_force",
    "apply.new.total",
    "apply.granted.total",
    "apply.partial.total",
    "apply.carried_in.total",
    "apply.carried_out.total",
    "review.total",
];

impl Facts {
    pub fn of(def: &Template, table: &Table) -> Facts {
        let c = |i: usize| count(def, table, FACT_CELLS[i]);
        let issued = if def.id == TemplateId::Y2021 {
            c(0)
        } else {
            None
        };
        let new = c(2);
        let stated = new.is_some_and(|n| !n.is_zero());
        let suits = [
            count(def, table, "suit_direct.total"),
            count(def, table, "suit_after_review.total"),
        ];
        Facts {
            issued,
            in_force: issued.and(c(1)),
            new,
            granted: c(3).filter(|_| stated),
            partial: c(4).filter(|_| stated),
            carried_in: c(5).filter(|n| !n.is_zero()),
            carried_out: c(6).filter(|n| !n.is_zero()),
            review: match (c(7), suits) {
                (Some(r), [Some(a), Some(b)]) => Some((r, a + b)),
                _ => None,
            },
        }
    }

    /// The template cells stated, with their values.
    pub fn hints(&self, def: &Template) -> Vec<(usize, Decimal)> {
        let values = [
            self.issued,
            self.in_force,
            self.new,
            self.granted,
            self.partial,
            self.carried_in,
            self.carried_out,
            self.review.map(|r| r.0),
        ];
        FACT_CELLS
            .iter()
            .zip(values)
            .filter_map(|(id, v)| Some((def.cell_index(id)?, v?)))
            .collect()
    }
}

/// The whole document.
pub(crate) fn document<R: Rng + ?Sized>(
    def: &Template,
    p: &People,
    table: &Table,
    layout: Layout,
    rng: &mut R,
) -> Vec<Block> {
    let y = p.year;
    let a = &p.agency;
    let gaps = layout == Layout::CellPerLine || rng.random_bool(0.3);
    let mut out = vec![Block::Title(p.title.clone())];
    let para = |out: &mut Vec<Block>, s: String| {
        if gaps {
            out.push(Block::Gap);
        }
        out.push(Block::Para(s));
    };

    para(
        &mut out,
        format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{}要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。本报告电子版可在“{}人民政府”门户网站查阅或下载。如对本报告有任何疑问，请与{a}办公室联系（地址：{}{}{}号；邮编：{:06}；电话：0{}-{}）。",
            pick(rng, &["上级有关", "省、市有关", "国务院办公厅政府信息与政务公开办公室有关"]),
            p.city,
            p.city,
            p.road,
            p.number,
            p.zip,
            p.area,
            p.phone
        ),
    );

    // 一、总体情况
    para(&mut out, heading(def, 1));
    para(
        &mut out,
        format!(
            "{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，{}，{}，{}。",
            pick(
                rng,
                &[
                    "全面贯彻落实《条例》和上级关于政务公开工作的部署要求",
                    "认真落实《条例》各项规定",
                    "深入贯彻党中央、国务院关于全面推进政务公开的决策部署",
                ]
            ),
            pick(
                rng,
                &[
                    "坚持以公开为常态、不公开为例外",
                    "围绕中心工作和群众关切",
                    "聚焦重点领域信息公开",
                ]
            ),
            pick(
                rng,
                &[
                    "持续提升政务公开质量和实效",
                    "政府信息公开工作取得新成效",
                    "切实保障人民群众的知情权、参与权、表达权和监督权",
                ]
            )
        ),
    );
    let facts = Facts::of(def, table);
    let mut active_text = format!(
        "（一）主动公开情况。全年通过{}人民政府门户网站主动公开政府信息{}条，其中政策文件{}条、工作动态{}条。",
        p.city,
        rng.random_range(40..=2000),
        rng.random_range(1..=40),
        rng.random_range(10..=300)
    );
    if let Some(n) = facts.issued {
        active_text += &format!("本年度制发行政规范性文件{n}件");
        if let Some(m) = facts.in_force {
            active_text += &format!("，现行有效行政规范性文件{m}件");
        }
        active_text += "。";
    }
    para(&mut out, active_text);
    let mut apply_text = String::from("（二）依申请公开情况。");
    apply_text += pick(
        rng,
        &[
            "进一步规范依申请公开受理、审查、答复流程，",
            "严格落实依申请公开办理制度，",
            "畅通依申请公开渠道，",
        ],
    );
    match facts.new {
        Some(n) if n.is_zero() => apply_text += "全年未收到政府信息公开申请",
        Some(n) => {
            apply_text += &format!("全年共收到政府信息公开申请{n}件");
            if let Some(g) = facts.granted {
                apply_text += &format!("，其中予以公开{g}件");
            }
            if let Some(g) = facts.partial {
                apply_text += &format!("，部分公开{g}件");
            }
        }
        None => apply_text += "按时办理政府信息公开申请",
    }
    if let Some(n) = facts.carried_in {
        apply_text += &format!("，上年结转政府信息公开申请{n}件");
    }
    if let Some(n) = facts.carried_out {
        apply_text += &format!("，结转下年度继续办理{n}件");
    }
    apply_text += "。";
    if let Some((r, s)) = facts.review {
        apply_text += &format!("因政府信息公开被申请行政复议{r}件、被提起行政诉讼{s}件。");
    }
    para(&mut out, apply_text);
    para(
        &mut out,
        format!(
            "（三）政府信息管理情况。{}",
            pick(
                rng,
                &[
                    "严格执行信息发布审核制度，落实“三审三校”要求，确保发布信息准确规范。",
                    "动态调整政府信息主动公开基本目录，及时更新机构职能、法定职责等信息。",
                    "加强政府信息公开保密审查，规范公文公开属性源头认定。",
                ]
            )
        ),
    );
    para(
        &mut out,
        format!(
            "（四）政府信息公开平台建设情况。{}",
            pick(
                rng,
                &[
                    "加强政府网站政府信息公开专栏建设，优化栏目设置，提升检索查阅便利度。",
                    "发挥政务新媒体和政务服务大厅查阅点作用，拓宽信息公开渠道。",
                    "规范政务新媒体管理，定期开展网站和新媒体自查。",
                ]
            )
        ),
    );
    para(
        &mut out,
        format!(
            "（五）监督保障情况。{}",
            pick(
                rng,
                &[
                    "调整充实政务公开工作领导小组，明确专人负责，将政务公开纳入年度绩效考核。",
                    "组织开展政务公开业务培训，强化工作人员业务能力。",
                    "建立健全政务公开工作机制，强化日常监督检查和问题整改。",
                ]
            )
        ),
    );

    // 二、三、四: the tables.
    para(&mut out, heading(def, 2));
    if rng.random_bool(0.3) {
        para(&mut out, format!("{y}年，{a}主动公开政府信息情况如下：",));
    }
    out.push(Block::Table(grid::build(def, TableId::Active, table)));
    para(&mut out, heading(def, 3));
    out.push(Block::Table(grid::build(def, TableId::Apply, table)));
    para(&mut out, heading(def, 4));
    out.push(Block::Table(grid::build(def, TableId::Review, table)));

    // 五、六
    para(&mut out, heading(def, 5));
    para(
        &mut out,
        format!(
            "{y}年，{a}政府信息公开工作取得了一定成效，但仍存在一些不足：{}。下一步，{a}将{}。",
            pick(
                rng,
                &[
                    "一是主动公开的深度和广度有待拓展，二是政策解读形式还不够丰富",
                    "一是政务公开队伍专业化水平有待提高，二是公开内容的时效性有待加强",
                    "一是依申请公开办理的规范化水平有待提升，二是公众参与渠道还需拓宽",
                ]
            ),
            pick(
                rng,
                &[
                    "进一步加强业务培训，提升工作人员政策水平和业务能力，持续推进政务公开标准化规范化建设",
                    "围绕群众关切拓展公开内容，丰富政策解读形式，切实提升政务公开实效",
                    "健全依申请公开工作机制，加强与相关部门的协同配合，依法规范答复",
                ]
            )
        ),
    );
    para(&mut out, heading(def, 6));
    para(
        &mut out,
        pick(
            rng,
            &[
                "本年度未收取政府信息公开信息处理费。",
                "本机关严格执行《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
                "无。",
            ],
        )
        .to_string(),
    );
    out.push(Block::Gap);
    out.push(Block::Right(p.agency.clone()));
    out.push(Block::Right(p.date()));
    out
}
