//! The header aliases of spreadsheet columns, by family: Chinese, Excel
//! and WPS headers and the column names of common CRM exports.

use super::Target;
use Target::{Customer as C, FamilyName, GivenName, Person as P};

/// One family of headers: the fields it may fill, in order of preference
/// (a column takes the first one no other column took), and whether the
/// header is generic (`Name`, `电话`, `Email`): generic headers choose after
/// the specific ones, so `Company` + `Name` reads as customer + person.
pub(super) struct Family {
    pub(super) targets: &'static [Target],
    pub(super) generic: bool,
    pub(super) names: &'static [&'static str],
}

const fn fam(targets: &'static [Target], names: &'static [&'static str]) -> Family {
    Family { targets, generic: false, names }
}

const fn generic(targets: &'static [Target], names: &'static [&'static str]) -> Family {
    Family { targets, generic: true, names }
}

/// The header aliases. Salesforce: Account Name, Billing City, Mailing
/// Street, Birthdate; `HubSpot`: Company Name, Mobile Phone Number, Job
/// Title; Pipedrive: Organization - Name, Person - Phone; 纷享销客 and 销售易:
/// 客户名称, 联系人姓名, 手机, 所属行业.
pub(super) static FAMILIES: &[Family] = &[
    fam(
        &[C("name")],
        &[
            "客户名称",
            "客户",
            "客户名",
            "客户全称",
            "公司",
            "公司名称",
            "公司全称",
            "单位",
            "单位名称",
            "企业",
            "企业名称",
            "机构名称",
            "所属客户",
            "所属公司",
            "customer",
            "customer name",
            "company",
            "company name",
            "account",
            "account name",
            "organization",
            "organisation",
            "organization name",
            "organization - name",
            "person - organization",
            "associated company",
        ],
    ),
    fam(
        &[P("name")],
        &[
            "联系人",
            "联系人姓名",
            "联系人名称",
            "姓名",
            "客户联系人",
            "关键人",
            "contact",
            "contact name",
            "full name",
            "person name",
            "person - name",
            "contact person",
        ],
    ),
    generic(&[C("name"), P("name")], &["name", "名称"]),
    fam(&[GivenName], &["名", "first name", "given name", "firstname"]),
    fam(&[FamilyName], &["姓", "last name", "surname", "family name", "lastname"]),
    fam(
        &[P("phone"), C("phone")],
        &[
            "手机",
            "手机号",
            "手机号码",
            "移动电话",
            "联系人手机",
            "联系人电话",
            "mobile",
            "mobile phone",
            "mobile phone number",
            "mobile number",
            "cell",
            "cell phone",
            "person - phone",
            "contact phone",
        ],
    ),
    generic(&[P("phone"), C("phone")], &["电话", "电话号码", "联系电话", "phone", "phone number", "telephone", "tel"]),
    fam(
        &[C("phone")],
        &[
            "公司电话",
            "座机",
            "总机",
            "单位电话",
            "办公电话",
            "固定电话",
            "company phone",
            "office phone",
            "business phone",
            "main phone",
            "organization - phone",
            "account phone",
        ],
    ),
    fam(&[P("email")], &["联系人邮箱", "个人邮箱", "contact email", "person - email", "work email"]),
    generic(&[P("email"), C("email")], &["邮箱", "电子邮箱", "邮件", "电子邮件", "email", "e-mail", "email address"]),
    fam(&[C("email")], &["公司邮箱", "单位邮箱", "企业邮箱", "company email", "organization - email"]),
    fam(&[P("title")], &["职务", "职位", "头衔", "title", "job title", "position", "person - job title"]),
    fam(&[P("department")], &["部门", "所在部门", "department", "dept"]),
    fam(&[P("im")], &["微信", "微信号", "qq", "wechat", "wechat id", "im"]),
    fam(&[P("birthday")], &["生日", "出生日期", "出生年月", "birthday", "birthdate", "date of birth", "dob"]),
    fam(
        &[C("address")],
        &[
            "地址",
            "详细地址",
            "公司地址",
            "办公地址",
            "单位地址",
            "通讯地址",
            "address",
            "street",
            "street address",
            "billing street",
            "mailing street",
            "billing address",
            "organization - address",
            "company address",
        ],
    ),
    fam(&[C("city")], &["城市", "所在城市", "市", "city", "billing city", "mailing city", "organization - city"]),
    fam(
        &[C("region")],
        &[
            "省份",
            "省",
            "地区",
            "区域",
            "所在地区",
            "所属区域",
            "省市",
            "region",
            "state",
            "province",
            "state/province",
            "billing state",
            "billing state/province",
            "mailing state",
            "area",
        ],
    ),
    fam(&[C("industry")], &["行业", "所属行业", "行业类别", "行业分类", "industry", "organization - industry"]),
    fam(&[C("website")], &["网址", "网站", "官网", "公司网址", "website", "web site", "website url", "url"]),
    fam(&[C("kind")], &["客户类型", "客户类别", "customer type", "account type"]),
    fam(&[C("status")], &["客户状态", "customer status", "account status"]),
    fam(&[C("tags")], &["标签", "tags", "labels", "label"]),
    fam(&[C("scale")], &["规模", "企业规模", "公司规模", "company size", "size"]),
    fam(&[P("notes")], &["联系人备注", "contact notes", "person - note"]),
    generic(
        &[C("notes"), P("notes")],
        &["备注", "说明", "描述", "notes", "note", "description", "comments", "remarks"],
    ),
];
