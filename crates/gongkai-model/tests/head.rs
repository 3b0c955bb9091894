//! The declared table heads are consistent with the tables they head.

use gongkai_model::{TableHead, TemplateId};

#[test]
fn heads_fit_their_tables() {
    for t in TemplateId::ALL {
        for table in &t.get().tables {
            assert_eq!(
                table.single_line,
                matches!(table.head, TableHead::Transposed),
                "{t} {:?}: single_line and a transposed head go together",
                table.id
            );
            let printed: Vec<&str> = table.headers.iter().map(|h| h.core).collect();
            match &table.head {
                TableHead::PerBlock { corner } => {
                    assert!(printed.contains(corner), "{t} {:?}", table.id);
                }
                TableHead::Matrix {
                    corner,
                    banner,
                    groups,
                } => {
                    assert_eq!(table.blocks.len(), 1, "{t} {:?}", table.id);
                    let ncols = table.blocks[0].columns.len();
                    for label in [corner, banner] {
                        assert!(printed.contains(label), "{t} {:?} {label}", table.id);
                    }
                    let mut end = 0;
                    for g in groups {
                        assert!(printed.contains(&g.label));
                        assert!(g.first >= end && g.first <= g.last && g.last < ncols);
                        end = g.last + 1;
                    }
                }
                TableHead::Transposed => assert_eq!(table.blocks.len(), 1),
            }
        }
    }
}
