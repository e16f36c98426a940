/* What the certificates say: parties, goods, end uses, wordings, omissions.
 *
 * These lists are test input, deliberately independent of schemas/ (the
 * parser's own label and phrase lists): the accuracy corpus must be able to
 * catch a wording the parser does not know. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

const char *const gen_omit_names[OMIT_N] = {
    [OMIT_REEXPORT] = "re-export-undertaking",
    [OMIT_SUBSUP] = "sub-supplier-declaration",
    [OMIT_SIGNATURE] = "signature",
    [OMIT_SIGNATORY] = "signatory-name",
    [OMIT_DATE] = "date",
    [OMIT_NONMIL] = "non-military-assurance",
    [OMIT_QTY] = "item-quantity",
    [OMIT_EU_ADDRESS] = "end-user-address",
    [OMIT_REEXPORT_DEST] = "re-export-destination",
    [OMIT_SUBSUP_ADDRESS] = "sub-supplier-address",
};

const char *const gen_kind_names[KIND_N] = {
    "pdf", "scan-pdf", "png", "tiff", "txt", "form-pdf", "docx", "utf16", "eml"
};
const char *const gen_kind_suffix[KIND_N] = {
    ".pdf", ".scan.pdf", ".scan.png", ".scan.tif", ".txt", ".form.pdf", ".docx",
    ".utf16.txt", ".eml"
};

/* --- labels ------------------------------------------------------------------ */

#define NW 5
static const char *const en_labels[F_N][NW] = {
    [F_TITLE] = {"END-USER CERTIFICATE", "END USER CERTIFICATE",
                 "CERTIFICATE OF END USE", "END-USE CERTIFICATE"},
    [F_CERTNO] = {"Certificate No.", "Certificate Number", "Reference No.",
                  "EUC No."},
    [F_ISSUE_DATE] = {"Date of Issue", "Issue Date", "Date of Certificate"},
    [F_CONTRACT] = {"Contract No.", "Contract Number", "Purchase Contract No."},
    [F_EXPORTER] = {"Exporter", "Exporter / Seller", "Supplier (Exporter)"},
    [F_CONSIGNEE] = {"Consignee", "Importer", "Purchaser / Consignee"},
    [F_END_USER] = {"End User", "End-user", "Ultimate Consignee", "Final User",
                    "Final Recipient"},
    [F_NAME] = {"Name", "Company Name", "Name of Company"},
    [F_ADDRESS] = {"Address", "Full Address", "Registered Address"},
    [F_COUNTRY] = {"Country", "Country/Region", "Country"},
    [F_CONTACT] = {"Contact", "Contact Person", "Contact Details"},
    [F_BUSINESS] = {"Nature of Business", "Business Activity", "Main Business"},
    [F_END_USE] = {"End Use", "Purpose of Use", "Intended Use",
                   "Intended Application", "End-use"},
    [F_END_USE_DESC] = {"Description", "Specific End Use", "Purpose"},
    [F_LOCATION] = {"Place of Use", "Location of Use", "Site of Use"},
    [F_GOODS] = {"Goods", "Items", "Description of Goods"},
    [F_SUBSUP] = {"Sub-suppliers", "Subcontractors", "Downstream Processors",
                  "Processing Companies"},
    [F_ROLE] = {"Role", "Activity", "Processing"},
    [F_REEXPORT] = {"Re-export", "Re-transfer", "Onward Transfer"},
    [F_ASSURANCES] = {"Undertakings", "Assurances", "Declarations"},
    [F_SIGNATURE_SECTION] = {"Signature", "Declaration and Signature",
                             "Signed for the End User"},
    [F_SIGNATORY] = {"Name of Signatory", "Authorised Signatory", "Signed by"},
    [F_SIG_TITLE] = {"Title", "Position", "Designation"},
    [F_SIG_DATE] = {"Date", "Date of Signature", "Signed on"},
    [F_SIGNATURE] = {"Signature", "Signature", "Signed"},
    [F_SEAL] = {"Company Seal", "Seal", "Company Stamp"},
    [F_ITEM_DESC] = {"Description", "Description of Goods", "Item"},
    [F_ITEM_HS] = {"HS Code", "HS Code", "H.S. Code"},
    [F_ITEM_CTRL] = {"Control No.", "Control List No.", "Control No."},
    [F_ITEM_QTY] = {"Quantity", "Qty", "Quantity"},
    [F_ITEM_UNIT] = {"Unit", "Unit", "Unit"},
    [F_ITEM_VALUE] = {"Value", "Total Value", "Amount"},
};

static const char *const zh_labels[F_N] = {
    [F_TITLE] = "最终用户和最终用途说明", [F_CERTNO] = "证书编号",
    [F_ISSUE_DATE] = "签发日期", [F_CONTRACT] = "合同号",
    [F_EXPORTER] = "出口经营者", [F_CONSIGNEE] = "收货人",
    [F_END_USER] = "最终用户", [F_NAME] = "名称", [F_ADDRESS] = "地址",
    [F_COUNTRY] = "国家", [F_CONTACT] = "联系人", [F_BUSINESS] = "主营业务",
    [F_END_USE] = "最终用途", [F_END_USE_DESC] = "用途说明",
    [F_LOCATION] = "使用地点", [F_GOODS] = "货物", [F_SUBSUP] = "加工企业",
    [F_ROLE] = "加工内容", [F_REEXPORT] = "再出口", [F_ASSURANCES] = "保证",
    [F_SIGNATURE_SECTION] = "签字", [F_SIGNATORY] = "签字人",
    [F_SIG_TITLE] = "职务", [F_SIG_DATE] = "日期", [F_SIGNATURE] = "签字",
    [F_SEAL] = "公章", [F_ITEM_DESC] = "品名", [F_ITEM_HS] = "海关编码",
    [F_ITEM_CTRL] = "管制编号", [F_ITEM_QTY] = "数量", [F_ITEM_UNIT] = "单位",
    [F_ITEM_VALUE] = "金额",
};

static const char *const ja_labels[F_N] = {
    [F_TITLE] = "需要者等の誓約書", [F_CERTNO] = "証明書番号",
    [F_ISSUE_DATE] = "発行日", [F_CONTRACT] = "契約番号",
    [F_EXPORTER] = "輸出者", [F_CONSIGNEE] = "荷受人",
    [F_END_USER] = "最終需要者", [F_NAME] = "名称", [F_ADDRESS] = "住所",
    [F_COUNTRY] = "国名", [F_CONTACT] = "担当者", [F_BUSINESS] = "事業内容",
    [F_END_USE] = "用途", [F_END_USE_DESC] = "用途の内容",
    [F_LOCATION] = "使用場所", [F_GOODS] = "貨物", [F_SUBSUP] = "加工委託先",
    [F_ROLE] = "役割", [F_REEXPORT] = "再輸出", [F_ASSURANCES] = "誓約事項",
    [F_SIGNATURE_SECTION] = "署名", [F_SIGNATORY] = "署名者",
    [F_SIG_TITLE] = "役職", [F_SIG_DATE] = "日付", [F_SIGNATURE] = "署名",
    [F_SEAL] = "印", [F_ITEM_DESC] = "品名", [F_ITEM_HS] = "HSコード",
    [F_ITEM_CTRL] = "該当項番", [F_ITEM_QTY] = "数量", [F_ITEM_UNIT] = "単位",
    [F_ITEM_VALUE] = "金額",
};

static int n_wordings(gen_field f)
{
    int n = 0;
    while (n < NW && en_labels[f][n] != NULL)
        n++;
    return n;
}

/* Many bilingual forms translate only the headings and the key fields. */
static int main_field(gen_field f)
{
    switch (f) {
    case F_EXPORTER: case F_CONSIGNEE: case F_END_USER: case F_END_USE:
    case F_GOODS: case F_SUBSUP: case F_REEXPORT: case F_ASSURANCES:
    case F_SIGNATURE_SECTION: case F_SIGNATORY:
        return 1;
    default:
        return 0;
    }
}

const char *gen_label(const gen_cert *c, gen_field f)
{
    const char *en = en_labels[f][c->lw[f]];
    const char *cjk = NULL;
    char *s;
    const char *out;

    if (c->labels == LABELS_EN_ZH)
        cjk = zh_labels[f];
    else if (c->labels == LABELS_EN_JA)
        cjk = ja_labels[f];
    /* "Importer" reads 进口商 / 輸入者, not consignee */
    if (f == F_CONSIGNEE && c->lw[f] == 1 && cjk != NULL)
        cjk = c->labels == LABELS_EN_ZH ? "进口商" : "輸入者";
    if (cjk == NULL || f == F_TITLE || (!c->cjk_all && !main_field(f)))
        return en;
    s = g_strdup_printf("%s / %s", en, cjk);
    out = g_string_chunk_insert_const(c->strs, s);
    g_free(s);
    return out;
}

/* --- dates ------------------------------------------------------------------- */

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"
};
static const char *const month_abbr[12] = {
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.",
    "Oct.", "Nov.", "Dec."
};

char *gen_date_format(GStringChunk *strs, gen_date d, int fmt)
{
    char buf[64];

    switch (fmt) {
    case 0: snprintf(buf, sizeof buf, "%d %s %d", d.d, month_names[d.m - 1], d.y); break;
    case 1: snprintf(buf, sizeof buf, "%s %d, %d", month_names[d.m - 1], d.d, d.y); break;
    case 2: snprintf(buf, sizeof buf, "%d %s %d", d.d, month_abbr[d.m - 1], d.y); break;
    case 3: snprintf(buf, sizeof buf, "%04d/%02d/%02d", d.y, d.m, d.d); break;
    case 4: snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.d, d.m, d.y); break;
    case 5: snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d); break;
    case 6: snprintf(buf, sizeof buf, "%d年%d月%d日", d.y, d.m, d.d); break;
    default: /* Reiwa era: year 1 is 2019 */
        snprintf(buf, sizeof buf, "令和%d年%d月%d日", d.y - 2018, d.m, d.d);
        break;
    }
    return g_string_chunk_insert(strs, buf);
}

/* --- parties and goods --------------------------------------------------------- */

typedef struct country_def {
    const char *code;
    const char *names[3];
} country_def;

static const country_def countries[] = {
    {"JP", {"Japan", "Japan", "Japan"}},
    {"KR", {"Republic of Korea", "Korea", "South Korea"}},
    {"DE", {"Germany", "Federal Republic of Germany", "Germany"}},
    {"US", {"United States", "United States of America", "USA"}},
    {"VN", {"Viet Nam", "Vietnam", "Viet Nam"}},
    {"CN", {"China", "People's Republic of China", "P.R. China"}},
    {"FR", {"France", "France", "France"}},
    {"MX", {"Mexico", "Mexico", "Mexico"}},
    {"TH", {"Thailand", "Thailand", "Thailand"}},
};

enum { IT_DY2O3, IT_TB4O7, IT_TB, IT_DY, IT_DYFE, IT_SMCO, IT_NDFEB, IT_Y2O3,
       IT_GD2O3, IT_SC2O3, IT_LU2O3, IT_SM, IT_N };

typedef struct item_def {
    const char *desc[2];
    const char *hs;
    const char *ctrl;
    const char *unit;
    int qmin, qmax, qstep;
    double usd_per_unit;
} item_def;

static const item_def items[IT_N] = {
    [IT_DY2O3] = {{"Dysprosium oxide (Dy2O3, 99.5%)", "Dysprosium oxide"}, "2846.90", "1C902.b", "kg", 100, 1200, 50, 260},
    [IT_TB4O7] = {{"Terbium oxide (Tb4O7, 99.99%)", "Terbium oxide"}, "2846.90", "1C902.b", "kg", 20, 300, 10, 980},
    [IT_TB] = {{"Terbium metal (99.9%)", "Terbium metal"}, "2805.30", "1C902.a", "kg", 10, 200, 10, 1250},
    [IT_DY] = {{"Dysprosium metal (99.5%)", "Dysprosium metal"}, "2805.30", "1C902.a", "kg", 50, 600, 25, 340},
    [IT_DYFE] = {{"Dysprosium-iron alloy (DyFe 80/20)", "Dysprosium iron alloy"}, "2805.30", "1C902.c", "kg", 100, 1000, 50, 230},
    [IT_SMCO] = {{"Samarium-cobalt magnets (Sm2Co17)", "Samarium-cobalt magnets"}, "8505.11", "1C902.d", "pcs", 2000, 40000, 500, 3.5},
    [IT_NDFEB] = {{"NdFeB magnets containing dysprosium (grade 42SH)", "NdFeB magnets with dysprosium"}, "8505.11", "1C902.d", "pcs", 5000, 80000, 1000, 2.2},
    [IT_Y2O3] = {{"Yttrium oxide (Y2O3, 99.999%)", "Yttrium oxide"}, "2846.90", "1C902.b", "kg", 200, 3000, 100, 11},
    [IT_GD2O3] = {{"Gadolinium oxide (Gd2O3, 99.99%)", "Gadolinium oxide"}, "2846.90", "1C902.b", "kg", 100, 1500, 50, 28},
    [IT_SC2O3] = {{"Scandium oxide (Sc2O3, 99.99%)", "Scandium oxide"}, "2846.90", "1C902.b", "kg", 5, 80, 5, 900},
    [IT_LU2O3] = {{"Lutetium oxide (Lu2O3, 99.99%)", "Lutetium oxide"}, "2846.90", "1C902.b", "kg", 5, 60, 5, 720},
    [IT_SM] = {{"Samarium metal (99.9%)", "Samarium metal"}, "2805.30", "1C902.a", "kg", 50, 800, 25, 95},
};

typedef struct party_def {
    const char *name;
    const char *addr[3];
    const char *ccode;
    const char *contact;
    const char *business;
    const char *end_use;
    const char *location;
    const char *product;
    int items[4];
    const char *signers[3];
    const char *titles[3];
} party_def;

static const party_def end_users[] = {
    {"Kansai Magnet Works Co., Ltd.", {"2-4-1 Nakanoshima", "Kita-ku, Osaka 530-0005"}, "JP",
     "Mr. Hiroshi Sato, Procurement Department, Tel. +81 6 6201 3300",
     "Manufacture of sintered NdFeB permanent magnets",
     "manufacture of NdFeB permanent magnets for electric vehicle traction motors at our Osaka plant",
     "Osaka Plant, 5-1 Torishima 2-chome, Konohana-ku, Osaka 554-0051", "traction motor magnets",
     {IT_DY2O3, IT_TB4O7, IT_DYFE, IT_TB},
     {"Kenji Tanaka", "Yuko Watanabe", "Takeshi Mori"},
     {"President", "General Manager, Procurement", "Representative Director"}},
    {"Chubu Precision Motors Co., Ltd.", {"1-1 Meieki 4-chome", "Nakamura-ku, Nagoya, Aichi 450-0002"}, "JP",
     "Ms. Akiko Ito, Purchasing Section, Tel. +81 52 581 4410",
     "Design and manufacture of servo motors and actuators",
     "production of samarium-cobalt rotor assemblies for industrial servo motors at our Kasugai factory",
     "Kasugai Factory, 12 Takakura-cho, Kasugai, Aichi 486-0932", "servo motors",
     {IT_SMCO, IT_NDFEB, IT_SM, -1},
     {"Shinji Kato", "Naoko Yamamoto", "Daisuke Ono"},
     {"Director, Materials Procurement", "President and CEO", "Plant Manager"}},
    {"Tohoku Phosphor Technology K.K.", {"3-7-2 Ichibancho", "Aoba-ku, Sendai, Miyagi 980-0811"}, "JP",
     "Mr. Koji Saito, Tel. +81 22 217 6630, k.saito@tohoku-phosphor.example.jp",
     "Production of phosphors for LED lighting and displays",
     "production of yttrium aluminium garnet phosphors for white LED lighting at our Sendai factory",
     "Sendai Factory, 4-1 Minato 2-chome, Miyagino-ku, Sendai 983-0001", "LED phosphor powders",
     {IT_Y2O3, IT_GD2O3, IT_LU2O3, -1},
     {"Makoto Suzuki", "Emi Kobayashi", "Ryo Hayashi"},
     {"Managing Director", "General Manager, Materials", "President"}},
    {"Hanbit Motor Co., Ltd.", {"55 Seongsan-ro, Seongsan-gu", "Changwon-si, Gyeongsangnam-do 51512"}, "KR",
     "Mr. Lee Jae-won, Purchasing Team, Tel. +82 55 260 7100",
     "Manufacture of electric traction motors",
     "manufacture of traction motors for electric buses at our Changwon plant",
     "Changwon Plant, 55 Seongsan-ro, Seongsan-gu, Changwon-si", "traction motors",
     {IT_NDFEB, IT_DY2O3, IT_TB4O7, -1},
     {"Kim Min-jun", "Park Ji-hoon", "Choi Seo-yeon"},
     {"Chief Executive Officer", "Director of Purchasing", "Vice President, Operations"}},
    {"Daehan Advanced Ceramics Corp.", {"120 Gongdan-ro", "Gumi-si, Gyeongsangbuk-do 39388"}, "KR",
     "Ms. Yoon Hye-jin, Tel. +82 54 470 2200",
     "Manufacture of technical ceramics",
     "manufacture of yttria-stabilised zirconia sensor elements for automotive oxygen sensors at our Gumi plant",
     "Gumi Plant, 120 Gongdan-ro, Gumi-si", "oxygen sensor elements",
     {IT_Y2O3, IT_SC2O3, -1, -1},
     {"Jung Dong-hyun", "Han So-young", "Kang Tae-ho"},
     {"President", "Head of Procurement", "Managing Director"}},
    {"Rheinland Magnettechnik GmbH", {"Industriestrasse 14", "41460 Neuss"}, "DE",
     "Dr. Petra Wagner, Purchasing, Tel. +49 2131 7490 0",
     "Manufacture of samarium-cobalt magnets and magnetic assemblies",
     "manufacture of samarium-cobalt magnets for industrial position sensors at our Neuss works",
     "Neuss Works, Industriestrasse 14, 41460 Neuss", "sensor assemblies",
     {IT_SM, IT_SMCO, IT_GD2O3, -1},
     {"Klaus Becker", "Anna Schmidt", "Thomas Fischer"},
     {"Managing Director", "Head of Supply Chain", "Chief Operating Officer"}},
    {"Great Lakes Motor Components Inc.", {"4100 Industrial Parkway", "Toledo, OH 43612"}, "US",
     "Mr. David Turner, Supply Chain Manager, Tel. +1 419 555 0142",
     "Manufacture of electric motors for industrial pumps",
     "manufacture of high-efficiency permanent-magnet motors for industrial pumps at our Toledo facility",
     "Toledo Facility, 4100 Industrial Parkway, Toledo, OH 43612", "pump motors",
     {IT_NDFEB, IT_TB4O7, IT_DY2O3, -1},
     {"Michael Johnson", "Sarah Miller", "Robert Davis"},
     {"Vice President, Supply Chain", "President", "Director of Procurement"}},
    {"Saigon Precision Magnet Co., Ltd.", {"Lot C3, Tan Thuan Export Processing Zone", "Tan Thuan Dong Ward, District 7", "Ho Chi Minh City 700000"}, "VN",
     "Ms. Nguyen Thi Lan, Tel. +84 28 3770 1155",
     "Manufacture of sintered magnets for compressors",
     "manufacture of sintered magnets for household air-conditioner compressors at our Ho Chi Minh City plant",
     "Tan Thuan Export Processing Zone, District 7, Ho Chi Minh City", "compressor rotors",
     {IT_DY2O3, IT_TB, IT_DY, -1},
     {"Nguyen Van An", "Tran Thi Mai", "Le Quang Huy"},
     {"General Director", "Deputy General Director", "Purchasing Manager"}},
};

static const party_def distributors[] = {
    {"Tokyo Rare Metals Trading Co., Ltd.", {"3-2-1 Nihonbashi", "Chuo-ku, Tokyo 103-0027"}, "JP",
     "Mr. Yuji Ogawa, Tel. +81 3 3270 5511", "Trading and distribution of rare-earth materials",
     NULL, NULL, NULL, {-1, -1, -1, -1}, {"Yuji Ogawa", "Keiko Nakamura", "Jun Fujita"},
     {"President", "Sales Manager", "Director"}},
    {"Seoul Metal Trading Co., Ltd.", {"23 Teheran-ro, Gangnam-gu", "Seoul 06142"}, "KR",
     "Mr. Oh Sung-min, Tel. +82 2 555 0198", "Distributor of non-ferrous metals and rare earths",
     NULL, NULL, NULL, {-1, -1, -1, -1}, {"Oh Sung-min", "Lim Ha-eun", "Seo Jun-ho"},
     {"CEO", "Sales Director", "Managing Director"}},
    {"Hanseatische Metallhandel GmbH", {"Am Sandtorkai 48", "20457 Hamburg"}, "DE",
     "Mr. Jan Hoffmann, Tel. +49 40 3680 210", "Stockist and distributor of metals and rare earths",
     NULL, NULL, NULL, {-1, -1, -1, -1}, {"Jan Hoffmann", "Eva Richter", "Lukas Braun"},
     {"Managing Director", "Head of Trading", "Prokurist"}},
};

typedef struct simple_party {
    const char *name;
    const char *addr[3];
    const char *ccode;
    const char *role;
} simple_party;

static const simple_party exporters[] = {
    {"Baotou Huaxin Rare Earth Materials Co., Ltd.", {"No. 83 Huanghe Avenue, Rare Earth Hi-Tech Zone", "Baotou, Inner Mongolia 014030"}, "CN", NULL},
    {"Ganzhou Jinlong Rare Metals Co., Ltd.", {"No. 12 Jinling West Road, Zhanggong District", "Ganzhou, Jiangxi 341000"}, "CN", NULL},
    {"Longnan Xinyuan Rare Earth Co., Ltd.", {"No. 168 Hongqi Avenue", "Longnan Economic Development Zone", "Longnan, Jiangxi 341700"}, "CN", NULL},
    {"Sichuan Liangshan Rare Earth Export Co., Ltd.", {"No. 9 Fuxing Road, Mianning County", "Liangshan, Sichuan 615600"}, "CN", NULL},
    {"Ningbo Keda Magnetic Materials Co., Ltd.", {"No. 1 Keji Road, Beilun District", "Ningbo, Zhejiang 315800"}, "CN", NULL},
};

static const simple_party consignees[] = {
    {"Marunouchi Shoji Co., Ltd.", {"2-7-3 Marunouchi", "Chiyoda-ku, Tokyo 100-0005"}, "JP", NULL},
    {"Hanyang Global Trading Corp.", {"231 Teheran-ro, Gangnam-gu", "Seoul 06142"}, "KR", NULL},
    {"Nordsee Handelskontor GmbH", {"Am Sandtorkai 50", "20457 Hamburg"}, "DE", NULL},
    {"Pacific Coast Materials LLC", {"800 W 6th Street, Suite 1200", "Los Angeles, CA 90017"}, "US", NULL},
    {"Ben Thanh Import-Export JSC", {"45 Le Loi Street, Ben Nghe Ward", "District 1, Ho Chi Minh City 700000"}, "VN", NULL},
};

static const simple_party subsuppliers[] = {
    {"Hokuriku Magnet Processing Co., Ltd.", {"1-5 Kanaiwa", "Kanazawa, Ishikawa 920-0335"}, "JP", "sintering and machining of magnet blocks"},
    {"Kobe Surface Coating K.K.", {"6-3-2 Minatojima", "Chuo-ku, Kobe 650-0045"}, "JP", "nickel plating of finished magnets"},
    {"Ulsan Precision Machining Co., Ltd.", {"87 Yeompo-ro, Buk-gu", "Ulsan 44259"}, "KR", "machining and magnetising of magnet blocks"},
    {"Busan Coating Technology Co.", {"15 Noksansandan-ro, Gangseo-gu", "Busan 46729"}, "KR", "epoxy coating of magnets"},
    {"Westfalen Beschichtung GmbH", {"Hafenweg 22", "48155 Muenster"}, "DE", "coating of finished magnets"},
    {"Saar Sintertechnik GmbH", {"Bruchwiesenstrasse 8", "66111 Saarbruecken"}, "DE", "sintering of magnet alloy"},
    {"Ohio Magnet Finishing LLC", {"220 Commerce Drive", "Dayton, OH 45414"}, "US", "grinding and coating of magnets"},
    {"Dong Nai Magnet Processing Co., Ltd.", {"Road 5, Bien Hoa II Industrial Zone", "Bien Hoa, Dong Nai 810000"}, "VN", "grinding and coating of magnets"},
};

static const char *const vague_uses[] = {
    "industrial use", "general industrial purposes", "various applications",
    "general purposes",
};
static const char *const distributor_uses[] = {
    "for resale", "stock for resale", "trading",
};
static const char *const military_uses[] = {
    "manufacture of magnets for guidance systems of military missiles",
    "production of actuators for military aircraft",
    "manufacture of magnets for defence radar systems",
};

static const char *const a_nomil[] = {
    "The goods will not be used for any military purpose or to enhance military capability.",
    "The items will be used for civilian purposes only and will not be used for any military end use.",
    "We will not use the goods, directly or indirectly, for military purposes.",
};
static const char *const a_wmd[] = {
    "The goods will not be used in the development, production or use of nuclear, chemical or biological weapons or of missiles capable of delivering them.",
    "The items will not be used for any purpose connected with weapons of mass destruction or their means of delivery.",
};
static const char *const a_transfer[] = {
    "The goods will not be sold, lent or transferred to any third party.",
    "We will not transfer the goods or any part of them to any third party.",
};
static const char *const a_transfer_rx[] = {
    "Apart from the finished products declared above, the goods will not be transferred to any third party.",
};
static const char *const a_change[] = {
    "The end use stated above will not be changed without the prior written consent of the exporter and the competent Chinese authorities.",
    "We will not change the end use of the goods without the prior approval of the Ministry of Commerce of the People's Republic of China.",
};
static const char *const a_verify[] = {
    "We agree to end-use verification by the Chinese authorities or the exporter on request.",
    "We will keep records of the use of the goods for five years and make them available for verification.",
};
static const char *const rx_no[] = {
    "The goods will not be re-exported, re-transferred or diverted to any third country without the prior written consent of the Ministry of Commerce of the People's Republic of China.",
    "We undertake not to re-export the goods or transfer them to any third country without the prior written approval of the competent Chinese authorities.",
    "The items shall not be re-transferred or diverted to any destination outside %s.",
};
static const char *const sub_none[] = {
    "No other party will process, incorporate, hold or receive the goods.",
    "None. The goods will be processed only by the end user at the place of use stated above.",
    "There are no sub-suppliers or downstream processors; no other company will process or hold the goods.",
};

/* --- helpers ---------------------------------------------------------------- */

static const char *S(gen_cert *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static const char *S(gen_cert *c, const char *fmt, ...)
{
    va_list ap;
    char *s;
    const char *out;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    out = g_string_chunk_insert(c->strs, s);
    g_free(s);
    return out;
}

static const country_def *country_by_code(const char *code)
{
    for (size_t i = 0; i < G_N_ELEMENTS(countries); i++)
        if (strcmp(countries[i].code, code) == 0)
            return &countries[i];
    return &countries[0];
}

static const char *country_name(gen_rng *r, const char *code, int plain)
{
    const country_def *cd = country_by_code(code);
    return plain ? cd->names[0] : cd->names[gen_rng_int(r, 3)];
}

/* "1,234,567" with optional decimals. */
static const char *thousands(gen_cert *c, long long v, int decimals)
{
    char digits[32], out[48];
    int n, j = 0;

    n = snprintf(digits, sizeof digits, "%lld", v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    return decimals ? S(c, "%s.00", out) : S(c, "%s", out);
}

static void party_from_def(gen_party *p, const party_def *d, const char *country)
{
    memset(p, 0, sizeof *p);
    p->name = d->name;
    for (int i = 0; i < 3 && d->addr[i] != NULL; i++)
        p->addr[p->naddr++] = d->addr[i];
    p->country = country;
    p->ccode = d->ccode;
    p->contact = d->contact;
    p->business = d->business;
}

static void party_from_simple(gen_party *p, const simple_party *d, const char *country)
{
    memset(p, 0, sizeof *p);
    p->name = d->name;
    for (int i = 0; i < 3 && d->addr[i] != NULL; i++)
        p->addr[p->naddr++] = d->addr[i];
    p->country = country;
    p->ccode = d->ccode;
    p->role = d->role;
}

static void make_item(gen_cert *c, gen_rng *r, gen_item *it, int which,
                      const char *currency)
{
    const item_def *d = &items[which];
    int steps = (d->qmax - d->qmin) / d->qstep + 1;
    long long q = d->qmin + (long long)gen_rng_int(r, steps) * d->qstep;
    double rate = strcmp(currency, "JPY") == 0 ? 150.0
                  : strcmp(currency, "CNY") == 0 ? 7.2
                  : strcmp(currency, "EUR") == 0 ? 0.92 : 1.0;
    long long v = (long long)(q * d->usd_per_unit * rate / 100.0 + 0.5) * 100;
    int decimals = strcmp(currency, "JPY") != 0;

    it->desc = d->desc[gen_rng_int(r, 2)];
    it->hs = d->hs;
    it->ctrl = gen_rng_chance(r, 0.5) ? d->ctrl : NULL;
    it->unit = d->unit;
    if (strcmp(d->unit, "kg") == 0 && q >= 1000 && q % 500 == 0 &&
        gen_rng_chance(r, 0.4)) {
        it->unit = "t";
        it->qty = q % 1000 == 0 ? S(c, "%lld", q / 1000) : S(c, "%lld.5", q / 1000);
        it->qty_norm = it->qty;
    } else {
        it->qty = thousands(c, q, 0);
        it->qty_norm = S(c, "%lld", q);
    }
    it->currency = currency;
    it->value = thousands(c, v, decimals);
    it->value_norm = S(c, "%lld", v);
}

static gen_date date_from_day(int day_of_2025)
{
    /* day_of_2025: 0 = 2025-01-01 */
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    gen_date d = {2025, 1, 1};
    int n = day_of_2025;

    if (n >= 365) {
        d.y = 2026;
        n -= 365;
    }
    for (int m = 0; m < 12; m++) {
        if (n < mdays[m]) {
            d.m = m + 1;
            d.d = n + 1;
            break;
        }
        n -= mdays[m];
    }
    return d;
}

/* --- building a certificate ------------------------------------------------- */

typedef struct recipe {
    gen_shape shape;
    gen_labels labels;
    int pages;
    int date_fmt;          /* -1: random */
    int eu_country_not[2]; /* countries to avoid for the end user (indices) */
    int consignee;         /* -1 random, 0 no, 1 yes */
    gen_sub_mode sub;
    int nsubs;
    gen_rx_mode rx;
    const char *rx_dest[3];
    int nitems;            /* 0: random */
    int signature, seal;
    int plain_labels;      /* first wording of every label */
} recipe;

static void random_style(gen_cert *c, gen_rng *r, int plain)
{
    gen_style *st = &c->st;
    static const double fr5[5] = {0.40, 0.14, 0.14, 0.10, 0.22};
    static const double fr6[6] = {0.32, 0.12, 0.13, 0.12, 0.09, 0.22};

    st->serif = plain ? c->shape == SHAPE_LETTER : gen_rng_chance(r, 0.5);
    st->size = plain ? 10.5 : gen_rng_range(r, 9.5, 11.5);
    st->lead = plain ? 1.35 : gen_rng_range(r, 1.25, 1.5);
    if (!plain && gen_rng_chance(r, 0.35)) {
        st->page_w = 612;
        st->page_h = 792;
    } else {
        st->page_w = 595.28;
        st->page_h = 841.89;
    }
    st->ml = plain ? 62 : gen_rng_range(r, 48, 80);
    st->mr = plain ? 58 : gen_rng_range(r, 44, 72);
    st->mt = plain ? 56 : gen_rng_range(r, 42, 72);
    st->mb = plain ? 56 : gen_rng_range(r, 42, 64);
    if (c->shape == SHAPE_TABLE)
        st->label_w = plain ? 0.32 : gen_rng_range(r, 0.26, 0.38);
    else
        st->label_w = plain ? 150 : gen_rng_range(r, 120, 175);
    st->inline_values = plain ? 0 : gen_rng_chance(r, 0.5);
    st->heading_style = plain ? 0 : gen_rng_int(r, 3);
    st->items_ctrl_col = plain ? 0 : gen_rng_chance(r, 0.4);
    st->letter_phrasing = plain ? 0 : gen_rng_int(r, 3);
    for (int i = 0; i < 6; i++)
        st->col_frac[i] = st->items_ctrl_col ? fr6[i] : (i < 5 ? fr5[i] : 0);
    if (!plain) {
        double jitter = gen_rng_range(r, -0.05, 0.05);
        st->col_frac[0] += jitter;
        st->col_frac[st->items_ctrl_col ? 5 : 4] -= jitter;
    }

    c->scan.angle_deg = (plain ? gen_rng_range(r, 0.3, 0.9) : gen_rng_range(r, 0.3, 1.2)) *
                        (gen_rng_chance(r, 0.5) ? 1 : -1);
    c->scan.blur = plain ? 1 : gen_rng_chance(r, 0.6);
    c->scan.noise = plain ? 3 : gen_rng_range(r, 2, 12);
    c->scan.speckle = plain ? 0.0003 : gen_rng_range(r, 0.0001, 0.0008);
    c->scan.bg = plain ? 236 : 222 + gen_rng_int(r, 26);
    c->scan.jpeg_quality = plain ? 45 : 50 + gen_rng_int(r, 30);
    c->scan.png_dpi = plain ? 200 : (gen_rng_chance(r, 0.5) ? 200 : 300);
    c->scan.png_4bpp = plain ? 1 : gen_rng_chance(r, 0.5);
}

static void fill(gen_cert *c, gen_rng *r, const recipe *rc)
{
    const party_def *eu;
    int pi;
    int date_fmt;
    const char *ctry;
    static const char *const currencies[] = {"USD", "USD", "USD", "JPY", "CNY", "EUR"};
    const char *cur;
    int day;

    c->shape = rc->shape;
    c->labels = rc->labels;
    c->pages_wanted = rc->pages;
    for (int f = 0; f < F_N; f++)
        c->lw[f] = rc->plain_labels ? 0 : gen_rng_int(r, n_wordings((gen_field)f));
    /* the committed samples keep CJK words few: Tesseract reads them with
     * eng only, and the word recall test counts every word */
    c->cjk_all = rc->plain_labels ? 0 : gen_rng_chance(r, 0.5);
    if (c->lw[F_END_USER] == 2)   /* "Ultimate Consignee": call the other one Importer */
        c->lw[F_CONSIGNEE] = 1;
    random_style(c, r, rc->plain_labels);

    /* end user */
    do {
        pi = gen_rng_int(r, (int)G_N_ELEMENTS(end_users));
    } while (strcmp(end_users[pi].ccode, countries[rc->eu_country_not[0]].code) == 0 ||
             strcmp(end_users[pi].ccode, countries[rc->eu_country_not[1]].code) == 0 ||
             (c->labels == LABELS_EN_JA && strcmp(end_users[pi].ccode, "JP") != 0));
    eu = &end_users[pi];
    ctry = country_name(r, eu->ccode, rc->plain_labels);
    if (c->variant[VAR_DISTRIBUTOR]) {
        const party_def *dd = &distributors[0];
        for (size_t i = 0; i < G_N_ELEMENTS(distributors); i++)
            if (strcmp(distributors[i].ccode, eu->ccode) == 0)
                dd = &distributors[i];
        if (strcmp(dd->ccode, eu->ccode) != 0)
            ctry = country_name(r, dd->ccode, 0);
        party_from_def(&c->end_user, dd, ctry);
    } else {
        party_from_def(&c->end_user, eu, ctry);
    }
    if (!rc->plain_labels && gen_rng_chance(r, 0.2))
        c->end_user.contact = NULL;
    if (c->shape == SHAPE_LETTER && c->end_user.business != NULL) {
        /* a letter says it in a sentence: "Our business is the manufacture..." */
        char *b = g_strdup(c->end_user.business);
        b[0] = g_ascii_tolower(b[0]);
        c->end_user.business = g_string_chunk_insert(c->strs, b);
        g_free(b);
    }
    c->eu_has_address = !c->omit[OMIT_EU_ADDRESS];
    if (!c->eu_has_address)
        c->end_user.naddr = 0;

    if (c->variant[VAR_DISTRIBUTOR]) {
        c->end_use = GEN_PICK(r, distributor_uses);
        c->end_use_location = NULL;
    } else if (c->variant[VAR_VAGUE]) {
        c->end_use = GEN_PICK(r, vague_uses);
        c->end_use_location = NULL;
    } else if (c->variant[VAR_MILITARY]) {
        c->end_use = GEN_PICK(r, military_uses);
        c->end_use_location = eu->location;
    } else {
        c->end_use = eu->end_use;
        c->end_use_location = rc->plain_labels || gen_rng_chance(r, 0.7) ? eu->location : NULL;
    }
    c->product = eu->product;

    /* exporter and consignee */
    {
        const simple_party *ex = &GEN_PICK(r, exporters);
        party_from_simple(&c->exporter, ex, country_name(r, "CN", rc->plain_labels));
        c->has_consignee = rc->consignee >= 0 ? rc->consignee : gen_rng_chance(r, 0.4);
        if (c->has_consignee) {
            const simple_party *cs = &consignees[0];
            for (size_t i = 0; i < G_N_ELEMENTS(consignees); i++)
                if (strcmp(consignees[i].ccode, c->end_user.ccode) == 0)
                    cs = &consignees[i];
            party_from_simple(&c->consignee, cs, country_name(r, cs->ccode, 1));
        }
    }

    /* dates: normal ones within four months of the as-of date */
    c->as_of = (gen_date){2026, 2, 1};
    day = c->variant[VAR_STALE] ? gen_rng_int(r, 150) : 280 + gen_rng_int(r, 112);
    c->date = date_from_day(day);
    c->has_date = !c->omit[OMIT_DATE];
    date_fmt = rc->date_fmt >= 0 ? rc->date_fmt : gen_rng_int(r, 8);
    if (date_fmt >= 6 && c->labels == LABELS_EN)
        date_fmt = gen_rng_int(r, 6);
    c->date_raw = gen_date_format(c->strs, c->date, date_fmt);

    /* numbers */
    {
        char ini[8];
        int k = 0;
        for (const char *p = c->end_user.name; *p != '\0' && k < 3; p++)
            if (*p >= 'A' && *p <= 'Z')
                ini[k++] = *p;
        ini[k] = '\0';
        switch (gen_rng_int(r, 3)) {
        case 0: c->cert_no = S(c, "EUC-%d-%04d", c->date.y, 100 + gen_rng_int(r, 9000)); break;
        case 1: c->cert_no = S(c, "%s/EUC/%d-%03d", ini, c->date.y, 1 + gen_rng_int(r, 400)); break;
        default: c->cert_no = S(c, "%s-EX-%06d", ini, gen_rng_int(r, 1000000)); break;
        }
        c->contract_no = gen_rng_chance(r, 0.85)
            ? S(c, "%.3s%d%02d-%03d", c->exporter.name, c->date.y, c->date.m,
                1 + gen_rng_int(r, 300))
            : NULL;
        if (c->contract_no != NULL) {
            char *up = g_ascii_strup(c->contract_no, -1);
            c->contract_no = g_string_chunk_insert(c->strs, up);
            g_free(up);
        }
    }

    /* items */
    cur = rc->plain_labels ? "USD" : GEN_PICK(r, currencies);
    if (strcmp(cur, "JPY") == 0 && strcmp(c->end_user.ccode, "JP") != 0)
        cur = "USD";
    if (strcmp(cur, "EUR") == 0 && strcmp(c->end_user.ccode, "DE") != 0)
        cur = "USD";
    {
        int navail = 0;
        while (navail < 4 && eu->items[navail] >= 0)
            navail++;
        c->nitems = rc->nitems > 0 ? rc->nitems : 1 + gen_rng_int(r, 3);
        if (c->nitems > navail)
            c->nitems = navail;
        int first = gen_rng_int(r, navail);
        for (int i = 0; i < c->nitems; i++)
            make_item(c, r, &c->items[i], eu->items[(first + i) % navail], cur);
        if (c->omit[OMIT_QTY])
            c->items[gen_rng_int(r, c->nitems)].qty = NULL;
        /* a control number is stated only where the items table has a column */
        if (!c->st.items_ctrl_col || (c->shape == SHAPE_LETTER && c->nitems == 1))
            for (int i = 0; i < c->nitems; i++)
                c->items[i].ctrl = NULL;
    }

    /* sub-suppliers */
    c->sub_mode = rc->sub;
    c->sub_none_text = rc->plain_labels ? sub_none[0] : GEN_PICK(r, sub_none);
    if (c->sub_mode == SUB_LISTED) {
        int cand[8], nc = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(subsuppliers); i++)
            if (strcmp(subsuppliers[i].ccode, c->end_user.ccode) == 0)
                cand[nc++] = (int)i;
        c->nsubs = rc->nsubs > 0 ? rc->nsubs : 1 + gen_rng_int(r, 2);
        if (c->nsubs > nc)
            c->nsubs = nc;
        for (int i = 0; i < c->nsubs; i++) {
            const simple_party *sp = &subsuppliers[cand[i]];
            party_from_simple(&c->subs[i], sp, country_name(r, sp->ccode, 1));
        }
        if (c->omit[OMIT_SUBSUP_ADDRESS])
            c->subs[0].naddr = 0;
    }

    /* re-export */
    c->rx_mode = rc->rx;
    if (c->rx_mode == RX_NO) {
        int k = rc->plain_labels ? 0 : gen_rng_int(r, (int)G_N_ELEMENTS(rx_no));
        c->rx_clause = k == 2 ? S(c, rx_no[2], c->end_user.country) : rx_no[k];
    } else if (c->rx_mode == RX_YES) {
        GString *g = g_string_new(NULL);
        for (int i = 0; i < 3 && rc->rx_dest[i] != NULL; i++) {
            c->rx_dest_code[c->nrx_dest] = rc->rx_dest[i];
            c->rx_dest[c->nrx_dest++] = country_name(r, rc->rx_dest[i], 1);
        }
        if (c->omit[OMIT_REEXPORT_DEST])
            c->nrx_dest = 0;
        if (c->variant[VAR_DISTRIBUTOR])
            g_string_assign(g, "The goods will be resold to customers in ");
        else
            g_string_printf(g, "The finished %s incorporating the goods will be exported to ",
                            c->product);
        if (c->nrx_dest == 0)
            g_string_append(g, c->variant[VAR_DISTRIBUTOR] ? "other countries." : "our customers abroad.");
        for (int i = 0; i < c->nrx_dest; i++) {
            if (i > 0)
                g_string_append(g, i == c->nrx_dest - 1 ? " and " : ", ");
            if (strcmp(c->rx_dest_code[i], "US") == 0)
                g_string_append(g, "the ");
            g_string_append(g, c->rx_dest[i]);
            if (i == c->nrx_dest - 1)
                g_string_append(g, ".");
        }
        c->rx_clause = g_string_chunk_insert(c->strs, g->str);
        g_string_free(g, TRUE);
    }

    /* assurances: non-military first, like most forms */
    c->nassur = 0;
    if (!c->omit[OMIT_NONMIL])
        c->assur[c->nassur++] = (gen_assurance){"no-military-use",
            rc->plain_labels ? a_nomil[0] : GEN_PICK(r, a_nomil)};
    if (rc->plain_labels || gen_rng_chance(r, 0.8))
        c->assur[c->nassur++] = (gen_assurance){"no-wmd",
            rc->plain_labels ? a_wmd[0] : GEN_PICK(r, a_wmd)};
    /* a no-transfer promise would read as a re-export undertaking when the
     * certificate is meant to have none */
    if (c->rx_mode == RX_NO && (rc->plain_labels || gen_rng_chance(r, 0.7)))
        c->assur[c->nassur++] = (gen_assurance){"no-transfer",
            rc->plain_labels ? a_transfer[0] : GEN_PICK(r, a_transfer)};
    else if (c->rx_mode == RX_YES)
        c->assur[c->nassur++] = (gen_assurance){"no-transfer", a_transfer_rx[0]};
    if (rc->plain_labels || gen_rng_chance(r, 0.7))
        c->assur[c->nassur++] = (gen_assurance){"no-change-of-use",
            rc->plain_labels ? a_change[0] : GEN_PICK(r, a_change)};
    if (!rc->plain_labels && gen_rng_chance(r, 0.4))
        c->assur[c->nassur++] = (gen_assurance){NULL, GEN_PICK(r, a_verify)};

    /* signatory */
    {
        int k = gen_rng_int(r, 3);
        const party_def *sp = eu;
        if (c->variant[VAR_DISTRIBUTOR])
            for (size_t i = 0; i < G_N_ELEMENTS(distributors); i++)
                if (strcmp(distributors[i].name, c->end_user.name) == 0)
                    sp = &distributors[i];
        c->sig_name = c->omit[OMIT_SIGNATORY] ? NULL : sp->signers[k];
        c->sig_title = sp->titles[gen_rng_int(r, 3)];
        c->sig_has_date = c->has_date &&
                          (c->shape != SHAPE_LETTER || gen_rng_chance(r, 0.4));
        if (rc->plain_labels && c->shape == SHAPE_LETTER)
            c->sig_has_date = 0;
        c->signature = rc->signature && !c->omit[OMIT_SIGNATURE];
        c->seal = rc->seal;
    }

    c->doc_type = c->shape == SHAPE_LETTER ? "end-user-statement" : "end-user-certificate";
    if (c->shape == SHAPE_LETTER) {
        static const char *const lt[] = {"END-USER STATEMENT", "End-User Statement",
                                         "STATEMENT BY END USER"};
        c->title = rc->plain_labels ? lt[0] : GEN_PICK(r, lt);
    } else {
        c->title = en_labels[F_TITLE][c->lw[F_TITLE]];
    }
    c->subtitle = c->labels == LABELS_EN_ZH ? zh_labels[F_TITLE]
                  : c->labels == LABELS_EN_JA ? ja_labels[F_TITLE] : NULL;
}

static gen_cert *cert_new(uint64_t seed, const char *name)
{
    gen_cert *c = g_new0(gen_cert, 1);
    c->strs = g_string_chunk_new(4096);
    c->seed = seed;
    g_strlcpy(c->name, name, sizeof c->name);
    return c;
}

void gen_cert_free(gen_cert *c)
{
    if (c == NULL)
        return;
    g_string_chunk_free(c->strs);
    g_free(c);
}

/* --- the curated set ---------------------------------------------------------- */

const char *const gen_curated_names[] = {
    "form-complete", "table-nosub", "letter-unsigned", "form-reexport"
};
const int gen_curated_count = (int)G_N_ELEMENTS(gen_curated_names);

enum { C_JP, C_KR, C_DE, C_US, C_VN, C_CN };

gen_cert *gen_cert_curated(uint64_t seed, int index)
{
    gen_cert *c;
    gen_rng r;
    recipe rc;

    if (index < 0 || index >= gen_curated_count)
        return NULL;
    c = cert_new(seed, gen_curated_names[index]);
    gen_rng_seed(&r, gen_hash_str(seed, c->name));
    c->kinds = (1u << KIND_N) - 1;
    memset(&rc, 0, sizeof rc);
    rc.plain_labels = 1;
    rc.pages = 1;
    rc.date_fmt = 0;
    rc.signature = 1;
    rc.eu_country_not[0] = C_CN;
    rc.eu_country_not[1] = C_CN;
    switch (index) {
    case 0: /* complete, bilingual Chinese labels, signed and sealed */
        rc.shape = SHAPE_FORM;
        rc.labels = LABELS_EN_ZH;
        rc.consignee = 1;
        rc.sub = SUB_LISTED;
        rc.nsubs = 1;
        rc.rx = RX_NO;
        rc.nitems = 2;
        rc.seal = 1;
        break;
    case 1: /* no sub-supplier declaration, Japanese labels */
        c->utf16_be = 1;
        c->bundle_kinds = 1u << KIND_PDF;
        rc.shape = SHAPE_TABLE;
        rc.labels = LABELS_EN_JA;
        rc.consignee = 0;
        rc.sub = SUB_UNSTATED;
        c->omit[OMIT_SUBSUP] = 1;
        rc.rx = RX_NO;
        rc.nitems = 2;
        rc.seal = 1;
        rc.date_fmt = 3;
        break;
    case 2: /* no re-export undertaking, not signed */
        c->bundle_kinds = 1u << KIND_TXT;
        rc.shape = SHAPE_LETTER;
        rc.labels = LABELS_EN;
        rc.consignee = 0;
        rc.sub = SUB_NONE;
        rc.rx = RX_UNSTATED;
        c->omit[OMIT_REEXPORT] = 1;
        c->omit[OMIT_SIGNATURE] = 1;
        rc.nitems = 1;
        rc.date_fmt = 1;
        break;
    default: /* declared re-export of finished products, two pages */
        rc.shape = SHAPE_FORM;
        rc.labels = LABELS_EN;
        rc.pages = 2;
        rc.consignee = 1;
        rc.sub = SUB_LISTED;
        rc.nsubs = 2;
        rc.rx = RX_YES;
        rc.rx_dest[0] = "DE";
        rc.rx_dest[1] = "US";
        rc.eu_country_not[0] = C_DE;
        rc.eu_country_not[1] = C_US;
        rc.nitems = 3;
        rc.date_fmt = 2;
        break;
    }
    fill(c, &r, &rc);
    return c;
}

/* --- the accuracy corpus ---------------------------------------------------- */

gen_cert *gen_cert_random(uint64_t seed, int index, gen_kind kind)
{
    char name[32];
    gen_cert *c;
    gen_rng r;
    recipe rc;
    int ndefects = OMIT_N + VAR_N;
    int forced = -1;
    static const char *const dests[] = {"DE", "US", "FR", "MX", "TH"};

    snprintf(name, sizeof name, "acc-%04d", index + 1);
    c = cert_new(seed, name);
    gen_rng_seed(&r, gen_hash_str(seed, name));
    c->kinds = 1u << kind;
    memset(&rc, 0, sizeof rc);
    rc.shape = (gen_shape)(index % 3);
    {
        double u = gen_rng_unit(&r);
        rc.labels = u < 0.6 ? LABELS_EN : u < 0.8 ? LABELS_EN_ZH : LABELS_EN_JA;
    }
    /* a PNG holds one page */
    rc.pages = kind == KIND_PNG ? 1 : (gen_rng_chance(&r, 0.3) ? 2 : 1);
    rc.date_fmt = -1;
    rc.consignee = -1;
    rc.eu_country_not[0] = C_CN;
    rc.eu_country_not[1] = C_CN;
    rc.signature = 1;
    rc.seal = gen_rng_chance(&r, 0.4);

    /* every other certificate carries one defect in turn, so that each
     * omission and variant appears in a corpus of 30 or more */
    if (index % 2 == 1)
        forced = (index / 2) % ndefects;
    else if (gen_rng_chance(&r, 0.25))
        forced = gen_rng_int(&r, ndefects);
    if (forced >= 0 && forced < OMIT_N)
        c->omit[forced] = 1;
    else if (forced >= OMIT_N)
        c->variant[forced - OMIT_N] = 1;
    if (c->variant[VAR_MILITARY])
        c->omit[OMIT_NONMIL] = 1;

    rc.sub = c->omit[OMIT_SUBSUP] ? SUB_UNSTATED
             : c->omit[OMIT_SUBSUP_ADDRESS] ? SUB_LISTED
             : gen_rng_chance(&r, 0.5) ? SUB_LISTED : SUB_NONE;
    rc.rx = c->omit[OMIT_REEXPORT] ? RX_UNSTATED
            : c->omit[OMIT_REEXPORT_DEST] ? RX_YES
            : gen_rng_chance(&r, 0.3) ? RX_YES : RX_NO;
    if (rc.rx == RX_YES) {
        int n = 1 + gen_rng_int(&r, 3), first = gen_rng_int(&r, 5);
        for (int i = 0; i < n; i++)
            rc.rx_dest[i] = dests[(first + i) % 5];
    }
    fill(c, &r, &rc);
    return c;
}

/* --- expected findings -------------------------------------------------------- */

void gen_expected_findings(const gen_cert *c, GPtrArray *out)
{
    int nomil = 0, sub_incomplete = 0;

    for (int i = 0; i < c->nassur; i++)
        if (c->assur[i].kind != NULL && strcmp(c->assur[i].kind, "no-military-use") == 0)
            nomil = 1;
    for (int i = 0; i < c->nsubs; i++)
        if (c->subs[i].name == NULL || c->subs[i].naddr == 0 || c->subs[i].country == NULL)
            sub_incomplete = 1;

    if (!c->eu_has_address)
        g_ptr_array_add(out, (gpointer)"END_USER_ADDRESS_MISSING");
    if (c->variant[VAR_VAGUE] || c->variant[VAR_DISTRIBUTOR])
        g_ptr_array_add(out, (gpointer)"END_USE_VAGUE");
    if (c->variant[VAR_MILITARY])
        g_ptr_array_add(out, (gpointer)"MILITARY_END_USE");
    for (int i = 0; i < c->nitems; i++)
        if (c->items[i].qty == NULL) {
            g_ptr_array_add(out, (gpointer)"ITEM_QUANTITY_MISSING");
            break;
        }
    if (c->rx_mode == RX_UNSTATED)
        g_ptr_array_add(out, (gpointer)"REEXPORT_UNDECLARED");
    if (c->rx_mode == RX_YES && c->nrx_dest == 0)
        g_ptr_array_add(out, (gpointer)"REEXPORT_DESTINATION_MISSING");
    if (c->sub_mode == SUB_UNSTATED)
        g_ptr_array_add(out, (gpointer)"SUB_SUPPLIERS_UNDECLARED");
    if (c->sub_mode == SUB_LISTED && sub_incomplete)
        g_ptr_array_add(out, (gpointer)"SUB_SUPPLIER_INCOMPLETE");
    if (!nomil)
        g_ptr_array_add(out, (gpointer)"NON_MILITARY_ASSURANCE_MISSING");
    if (c->sig_name == NULL)
        g_ptr_array_add(out, (gpointer)"SIGNATORY_MISSING");
    if (!c->signature)
        g_ptr_array_add(out, (gpointer)"SIGNATURE_MISSING");
    if (!c->has_date)
        g_ptr_array_add(out, (gpointer)"DATE_MISSING");
    if (c->variant[VAR_DISTRIBUTOR])
        g_ptr_array_add(out, (gpointer)"END_USER_IS_DISTRIBUTOR");
    if (c->variant[VAR_STALE] && c->has_date)
        g_ptr_array_add(out, (gpointer)"CERTIFICATE_STALE");
    /* every item the generator draws is on the rare-earth list */
    g_ptr_array_add(out, (gpointer)"CONTROLLED_ITEM");
}
