//! Which cells of a `run`-layout report the text determines.
//!
//! Every row of a table glued into one digit run (table 四, printed as one
//! line, is one run) is cut with [`gongkai_extract::solver::segment`], the
//! same function the extractor uses. A row's cuts are first narrowed to those
//! satisfying the most relations that lie within the row (the single
//! 2019-style （六） row keeps its own row sum). Then, across the rows linked
//! by the template's report-scope relations, the combinations satisfying the
//! most relations, and among them those agreeing with the most numbers the
//! narrative states (the printed values agree with all of them), are the
//! readings the text allows — the extractor's own order of preference. A cell
//! is determined when they all agree on it.

use gongkai_extract::solver::{resolved, segment, Resolved};
use gongkai_extract::tokens::{Gap, Run, RunChar};
use gongkai_model::{CellKind, Decimal, Scope, TableId, Template, TemplateId};

use crate::values::{single_other_row, Printed, Table};

/// Most combinations of row readings examined for one report. Beyond it the
/// table is drawn again (or, when allowed, written conservatively).
pub(crate) const MAX_PRODUCT: usize = 3000;

/// The outcome of the analysis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Analysis {
    /// Exact: which template cells and `x_other` cells are undetermined.
    Exact {
        undetermined: Vec<bool>,
        x_undetermined: Vec<bool>,
    },
    /// Too many combinations: the cells on which a row's own best cuts
    /// disagree are marked (a superset of the undetermined cells).
    TooAmbiguous {
        undetermined: Vec<bool>,
        x_undetermined: Vec<bool>,
    },
    /// The printed values are not among the best readings (a relation was
    /// broken so that another cut fits better): draw again.
    TruthNotBest,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Template(usize),
    Extra(usize),
}

#[derive(Debug)]
struct Row {
    slots: Vec<Slot>,
    /// Readings left after pruning by the row's own relations.
    options: Vec<Vec<Decimal>>,
    /// Index in `options` of the printed values.
    truth: usize,
}

/// The rows of the report as the extractor reads them in a run layout:
/// their cells, kinds, and the relations lying within each row (as
/// positions in the row).
fn rows(
    def: &Template,
    table: &Table,
    rels: &[Resolved],
) -> Vec<(Vec<Slot>, Vec<CellKind>, Vec<Resolved>)> {
    let mut out = Vec::new();
    for t in &def.tables {
        for (b, block) in t.blocks.iter().enumerate() {
            let mut groups: Vec<Vec<usize>> = (0..block.rows.len())
                .map(|r| def.row_cells(t.id, b, r))
                .collect();
            if t.single_line {
                groups = vec![groups.concat()];
            }
            for cells in groups {
                if cells
                    .iter()
                    .all(|&i| matches!(table.cells[i], Printed::Absent))
                {
                    continue;
                }
                let kinds = cells.iter().map(|&i| def.cells[i].kind).collect();
                let at = |c: usize| cells.iter().position(|&i| i == c);
                let local = rels
                    .iter()
                    .filter_map(|rel| {
                        let side = |terms: &[(usize, bool)]| -> Option<Vec<(usize, bool)>> {
                            terms
                                .iter()
                                .map(|&(c, neg)| at(c).map(|k| (k, neg)))
                                .collect()
                        };
                        Some(Resolved {
                            lhs: side(&rel.lhs)?,
                            rhs: side(&rel.rhs)?,
                        })
                    })
                    .collect();
                out.push((
                    cells.into_iter().map(Slot::Template).collect(),
                    kinds,
                    local,
                ));
            }
        }
        if t.id == TableId::Apply {
            if let Some(x) = &table.x_other {
                // The single （六） row keeps the relations its own template
                // (2019) declares within it: 总计 = the applicant columns.
                let columns = &t.blocks[0].columns;
                let row = single_other_row();
                let prefix = format!("{}{}.", TableId::Apply.id_prefix(), row.id);
                let local = TemplateId::Y2019
                    .get()
                    .relations_of(Scope::Report)
                    .filter_map(|rel| {
                        Resolved::new(rel, |id| {
                            let col = id.strip_prefix(&prefix)?;
                            columns.iter().position(|c| c.id == col)
                        })
                    })
                    .collect();
                let kinds = columns.iter().map(|c| c.kind).collect();
                out.push(((0..x.len()).map(Slot::Extra).collect(), kinds, local));
            }
        }
    }
    out
}

fn printed(table: &Table, s: Slot) -> &Printed {
    match s {
        Slot::Template(i) => &table.cells[i],
        Slot::Extra(i) => table
            .x_other
            .as_ref()
            .map(|x| &x[i])
            .unwrap_or(&Printed::Absent),
    }
}

/// A run of glued digits, as the text prints it.
pub(crate) fn run_of(digits: &str) -> Run {
    Run {
        chars: digits
            .chars()
            .enumerate()
            .map(|(i, c)| RunChar {
                c,
                start: i,
                end: i + 1,
                gap: Gap::None,
            })
            .collect(),
    }
}

/// Analyse a table printed with every row as one digit run; `hints` are the
/// template cells whose values the narrative states.
pub(crate) fn analyse(def: &Template, table: &Table, hints: &[(usize, Decimal)]) -> Analysis {
    let rels: &[Resolved] = resolved(def.id);
    let n = def.cells.len();
    let nx = table.x_other.as_ref().map(Vec::len).unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    // Template cell → row owning it.
    let mut owner: Vec<Option<usize>> = vec![None; n];
    // Rows with too many cuts to list: the extractor leaves them unknown.
    let mut unreadable: Vec<Slot> = Vec::new();
    for (slots, kinds, local) in self::rows(def, table, rels) {
        let truth: Option<Vec<Decimal>> =
            slots.iter().map(|&s| printed(table, s).number()).collect();
        let Some(truth) = truth else {
            // A blank or mark cannot be printed in a run.
            return Analysis::TruthNotBest;
        };
        let digits: String = slots.iter().map(|&s| printed(table, s).text()).collect();
        let Ok(splits) = segment(&run_of(&digits), &kinds) else {
            unreadable.extend(slots);
            continue;
        };
        let readings: Vec<Vec<Decimal>> = splits
            .iter()
            .map(|s| s.parts.iter().map(|p| p.value).collect())
            .collect();
        let r = rows.len();
        for s in &slots {
            if let Slot::Template(i) = *s {
                owner[i] = Some(r);
            }
        }
        // Prune by the relations lying within the row.
        let sat = |reading: &[Decimal]| {
            local
                .iter()
                .filter(|rel| rel.holds(|k| reading.get(k).copied()))
                .count()
        };
        let best = readings.iter().map(|x| sat(x)).max().unwrap_or(0);
        let options: Vec<Vec<Decimal>> = readings.into_iter().filter(|x| sat(x) == best).collect();
        let Some(truth) = options.iter().position(|o| *o == truth) else {
            return Analysis::TruthNotBest;
        };
        rows.push(Row {
            slots,
            options,
            truth,
        });
    }
    let product = rows
        .iter()
        .try_fold(1usize, |acc, r| acc.checked_mul(r.options.len()));
    if product.is_none_or(|p| p > MAX_PRODUCT) || !unreadable.is_empty() {
        return too_ambiguous(n, nx, &rows, &unreadable);
    }

    // Rows linked by relations, among those with several options.
    let relevant: Vec<&Resolved> = rels
        .iter()
        .filter(|rel| rel.cells().any(|c| owner[c].is_some()))
        .collect();
    let mut comp: Vec<usize> = (0..rows.len()).collect();
    fn find(comp: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while comp[x] != x {
            comp[x] = comp[comp[x]];
            x = comp[x];
        }
        x
    }
    for rel in &relevant {
        let owners: Vec<usize> = rel.cells().filter_map(|c| owner[c]).collect();
        for w in owners.windows(2) {
            let (a, b) = (find(&mut comp, w[0]), find(&mut comp, w[1]));
            comp[a] = b;
        }
    }
    // For each row, the options used by a best combination.
    let mut used: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.options.len()]).collect();
    let roots: Vec<usize> = (0..rows.len()).map(|r| find(&mut comp, r)).collect();
    let mut done = vec![false; rows.len()];
    for start in 0..rows.len() {
        let root = roots[start];
        if done[root] {
            continue;
        }
        done[root] = true;
        let members: Vec<usize> = (0..rows.len()).filter(|&r| roots[r] == root).collect();
        let multi: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&r| rows[r].options.len() > 1)
            .collect();
        if multi.is_empty() {
            for &r in &members {
                used[r][0] = true;
            }
            continue;
        }
        let rels_here: Vec<&Resolved> = relevant
            .iter()
            .copied()
            .filter(|rel| {
                rel.cells()
                    .any(|c| owner[c].is_some_and(|o| roots[o] == root))
            })
            .collect();
        // Relations satisfied, then statements of the narrative agreed with.
        let score = |choice: &[usize]| -> (usize, usize) {
            let value = |c: usize| -> Option<Decimal> {
                let r = owner[c]?;
                let k = rows[r].slots.iter().position(|&s| s == Slot::Template(c))?;
                Some(rows[r].options[choice[r]][k])
            };
            let sat = rels_here.iter().filter(|rel| rel.holds(value)).count();
            let agree = hints
                .iter()
                .filter(|&&(c, v)| {
                    owner[c].is_some_and(|o| roots[o] == root) && value(c) == Some(v)
                })
                .count();
            (sat, agree)
        };
        let mut choice: Vec<usize> = rows.iter().map(|r| r.truth).collect();
        let truth_score = score(&choice);
        let mut best_score = (0usize, 0usize);
        let mut best: Vec<Vec<usize>> = Vec::new();
        let mut idx = vec![0usize; multi.len()];
        loop {
            for (k, &r) in multi.iter().enumerate() {
                choice[r] = idx[k];
            }
            let s = score(&choice);
            if s > best_score || best.is_empty() {
                best_score = s;
                best.clear();
            }
            if s == best_score {
                best.push(multi.iter().map(|&r| choice[r]).collect());
            }
            let mut k = 0;
            while k < multi.len() {
                idx[k] += 1;
                if idx[k] < rows[multi[k]].options.len() {
                    break;
                }
                idx[k] = 0;
                k += 1;
            }
            if k == multi.len() {
                break;
            }
        }
        if truth_score < best_score {
            return Analysis::TruthNotBest;
        }
        for &r in &members {
            if rows[r].options.len() == 1 {
                used[r][0] = true;
            }
        }
        for b in &best {
            for (k, &r) in multi.iter().enumerate() {
                used[r][b[k]] = true;
            }
        }
    }
    let (undetermined, x_undetermined) = disagreeing(n, nx, &rows, &used);
    Analysis::Exact {
        undetermined,
        x_undetermined,
    }
}

/// The cells on which the used options of their row disagree.
fn disagreeing(n: usize, nx: usize, rows: &[Row], used: &[Vec<bool>]) -> (Vec<bool>, Vec<bool>) {
    let mut und = vec![false; n];
    let mut xund = vec![false; nx];
    for (r, row) in rows.iter().enumerate() {
        let opts: Vec<&Vec<Decimal>> = row
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| used.get(r).is_none_or(|u| u[*i]))
            .map(|(_, o)| o)
            .collect();
        for (k, &s) in row.slots.iter().enumerate() {
            let agree = opts.iter().all(|o| o[k] == opts[0][k]);
            if !agree {
                match s {
                    Slot::Template(i) => und[i] = true,
                    Slot::Extra(i) => xund[i] = true,
                }
            }
        }
    }
    (und, xund)
}

fn too_ambiguous(n: usize, nx: usize, rows: &[Row], unreadable: &[Slot]) -> Analysis {
    let (mut undetermined, mut x_undetermined) = disagreeing(n, nx, rows, &[]);
    for &s in unreadable {
        match s {
            Slot::Template(i) => undetermined[i] = true,
            Slot::Extra(i) => x_undetermined[i] = true,
        }
    }
    Analysis::TooAmbiguous {
        undetermined,
        x_undetermined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str, kinds: &[CellKind]) -> Vec<Vec<String>> {
        segment(&run_of(s), kinds)
            .unwrap()
            .iter()
            .map(|s| s.parts.iter().map(|p| p.text.clone()).collect())
            .collect()
    }

    #[test]
    fn runs_are_cut_like_the_extractor() {
        assert_eq!(
            values("021", &[CellKind::Count; 3]),
            vec![vec!["0", "2", "1"]]
        );
        assert_eq!(
            values(
                "8801",
                &[CellKind::Count, CellKind::Signed, CellKind::Count]
            )
            .len(),
            2
        );
    }
}
