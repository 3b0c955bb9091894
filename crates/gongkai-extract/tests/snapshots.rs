//! Snapshots of the full JSON report (`gongkai extract --format json`) for
//! small reports in two layouts: any change to the output shows up in review.

use gongkai_ingest::Document;
use gongkai_model::SourceInfo;

fn extract(text: &str) -> gongkai_model::Report {
    let doc = Document::from_text(text.to_string(), "UTF-8");
    gongkai_extract::extract(
        &doc,
        SourceInfo {
            path: "fixture.txt".into(),
            format: "text".into(),
            encoding: "UTF-8".into(),
            bytes: text.len() as u64,
        },
    )
}

const GLUED: &str = "某某区交通局2019年度政府信息公开工作年度报告\n\
本报告所列数据统计期限自2019年1月1日起至2019年12月31日止。\n\
一、总体情况\n2019年收到政府信息公开申请1件。\n\
二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件222\
第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可8801其他对外管理服务事项000\
三、收到和处理政府信息公开申请情况申请人情况一、本年新收政府信息公开申请数量1000001二、上年结转政府信息公开申请数量0000000\
（七）总计1000001四、结转下年度继续办理0000000\
四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计000000000000000\
五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n某某区交通局\n2020年1月8日\n";

#[test]
fn glued_digits_report_json() {
    insta::assert_json_snapshot!(extract(GLUED));
}

#[test]
fn tab_report_json() {
    let text = "某某街道办事处2023年政府信息公开工作年度报告\n一、总体情况\n无。\n二、主动公开政府信息情况\n\
第二十条第（一）项\n信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t1\t\t/\n\
三、收到和处理政府信息公开申请情况\n申请人情况\n一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n\
四、政府信息公开行政复议、行政诉讼情况\n\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\
五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n2024年1月5日\n";
    insta::assert_json_snapshot!(extract(text));
}
