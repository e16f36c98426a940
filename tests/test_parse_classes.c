/* Parse stage by class of layout: headings of every form end a section,
 * tables stop where they end, labels are read by what their words mean,
 * letters in prose, negated statements, signatures in letters (text and
 * born-digital PDF), and facts a document leaves out.  Every certificate
 * here is invented for this file, in the wording an exporter or importer
 * might use; every output is validated against schemas/certificate.xsd. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"
#include "parse_support.h"
#include "testutil.h"

/* --- helpers ------------------------------------------------------------ */

/* A file read through the extractor chosen by its content, then parsed. */
static xmlDocPtr parse_file(const char *path)
{
    euc_doc *doc = NULL;
    xmlDocPtr out = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    if (euc_extract_file(pt_ctx, path, &doc, &err) != 0)
        fail_msg("extract %s: %s", path, err.message);
    assert_int_equal(euc_parse(pt_parser, pt_ctx, doc, NULL, NULL, &out, NULL, &err), 0);
    assert_non_null(out);
    pt_validate(out);
    euc_doc_free(doc);
    return out;
}

/* text written to NAME in a fresh directory, parsed as a file. */
static xmlDocPtr parse_text_file(const char *name, const char *text)
{
    char *dir = tu_tmpdir();
    char *path;
    xmlDocPtr d;

    assert_non_null(dir);
    path = g_strdup_printf("%s/%s", dir, name);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    d = parse_file(path);
    g_free(path);
    tu_rmtree(dir);
    free(dir);
    return d;
}

/* Soft checks: each mismatch is told on stderr ("got ..., want ...") and
 * counted, so one run shows every failing check of a test; the test fails
 * at its end (end_checks) when any did. */
static int nfail;

static void check_xp(xmlDocPtr d, const char *xpath, const char *want)
{
    char *got = pt_xp(d, xpath);

    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s: got '%s', want '%s'\n", xpath, got, want);
        nfail++;
    }
    free(got);
}

/* string(xpath) contains needle. */
static void check_has(xmlDocPtr d, const char *xpath, const char *needle)
{
    char *got = pt_xp(d, xpath);

    if (strstr(got, needle) == NULL) {
        fprintf(stderr, "%s: got '%s', want it to contain '%s'\n", xpath, got, needle);
        nfail++;
    }
    free(got);
}

/* string(xpath) does not contain needle. */
static void check_lacks(xmlDocPtr d, const char *xpath, const char *needle)
{
    char *got = pt_xp(d, xpath);

    if (strstr(got, needle) != NULL) {
        fprintf(stderr, "%s: got '%s', want it not to contain '%s'\n", xpath, got, needle);
        nfail++;
    }
    free(got);
}

static void check_n(xmlDocPtr d, const char *xpath, int want)
{
    int got = pt_count(d, xpath);

    if (got != want) {
        fprintf(stderr, "count(%s): got %d, want %d\n", xpath, got, want);
        nfail++;
    }
}

/* Per-test setup: a test stopped by a hard assertion leaves no count. */
static int reset_checks(void **state)
{
    (void)state;
    nfail = 0;
    return 0;
}

static void end_checks(void)
{
    int n = nfail;

    nfail = 0;
    if (n != 0)
        fail_msg("%d check(s) failed", n);
}

/* --- 1. headings end sections ------------------------------------------- */

static void test_headings_end_sections(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* ALL-CAPS headings; an unusual one ends the end use. */
    d = pt_parse_text("END-USER CERTIFICATE\n"
                      "END USER\n"
                      "Company name: Kestrel Drives Ltd\n"
                      "Address: 44 Quayside Lane, Aberdeen AB11 5DU\n"
                      "Country: United Kingdom\n"
                      "INTENDED END USE\n"
                      "End use: Rotor magnets for subsea pump motors\n"
                      "NOTES FOR THE REVIEWER\n"
                      "The original will follow by courier once the copy is accepted.\n");
    check_xp(d, "/certificate/end-user/name", "Kestrel Drives Ltd");
    check_xp(d, "/certificate/end-user/country/@code", "GB");
    check_xp(d, "/certificate/end-use/description", "Rotor magnets for subsea pump motors");
    xmlFreeDoc(d);

    /* "SECTION n:" headings right under a value. */
    d = pt_parse_text("SECTION 2: END USER\n"
                      "Company name: Valparaiso Motores SpA\n"
                      "Address: Avenida Brasil 2150\n"
                      "         Valparaiso\n"
                      "SECTION 3: END USE\n"
                      "Purpose: Permanent magnets for elevator traction machines\n"
                      "SECTION 4: LOGISTICS\n"
                      "Goods to be shipped by sea through the port of San Antonio.\n");
    check_xp(d, "/certificate/end-user/name", "Valparaiso Motores SpA");
    check_xp(d, "/certificate/end-user/address", "Avenida Brasil 2150, Valparaiso");
    check_xp(d, "/certificate/end-use/description",
              "Permanent magnets for elevator traction machines");
    xmlFreeDoc(d);

    /* "Box n" and "Part X" headings. */
    d = pt_parse_text("Box 4  Consignee\n"
                      "Name: Lisboa Metals Trading Lda\n"
                      "Address: Rua do Comercio 88, 1100-150 Lisboa, Portugal\n"
                      "Box 5  End use of the goods\n"
                      "Description of use: Grain-boundary diffusion of dysprosium into NdFeB magnets\n"
                      "Box 6  Remarks\n"
                      "Delivery in two lots of 250 kg each.\n"
                      "Part C  Declaration of the end user\n"
                      "We certify that the above information is true and complete.\n");
    check_xp(d, "/certificate/consignee/name", "Lisboa Metals Trading Lda");
    check_xp(d, "/certificate/consignee/country/@code", "PT");
    check_xp(d, "/certificate/end-use/description",
              "Grain-boundary diffusion of dysprosium into NdFeB magnets");
    xmlFreeDoc(d);

    /* "(c)" and Roman numeral headings with the value on the next line. */
    d = pt_parse_text("IV. END USER\n"
                      "Name: Penang Voice Coil Sdn. Bhd.\n"
                      "Address: 12 Lorong Bayan Lepas 4, 11900 Bayan Lepas, Penang, Malaysia\n"
                      "V. USE OF THE GOODS\n"
                      "(c) End use of the goods\n"
                      "Manufacture of voice-coil motors for hard-disk drives\n"
                      "(d) Location of use\n"
                      "Plant 2, Penang Science Park, Bayan Lepas\n"
                      "(e) Shipping arrangements\n"
                      "Air freight via Kuala Lumpur International Airport.\n"
                      "VI. UNDERTAKINGS\n"
                      "The goods will not be re-exported.\n");
    check_xp(d, "/certificate/end-user/name", "Penang Voice Coil Sdn. Bhd.");
    check_xp(d, "/certificate/end-use/description",
              "Manufacture of voice-coil motors for hard-disk drives");
    check_xp(d, "/certificate/end-use/location", "Plant 2, Penang Science Park, Bayan Lepas");
    check_xp(d, "/certificate/re-export/@permitted", "no");
    xmlFreeDoc(d);

    /* "Annex: Logistics" is a heading, not part of the end use. */
    d = pt_parse_text("End user: Silesia Magnet Works Sp. z o.o., ul. Przemyslowa 9, 44-100 Gliwice, Poland\n"
                      "End use: Magnets for wind turbine generators\n"
                      "Annex: Logistics\n"
                      "Transport by rail from Chongqing to Lodz in sealed containers.\n");
    check_xp(d, "/certificate/end-user/name", "Silesia Magnet Works Sp. z o.o.");
    check_xp(d, "/certificate/end-use/description", "Magnets for wind turbine generators");
    xmlFreeDoc(d);

    /* Chinese article headings and bilingual numbered headings. */
    d = pt_parse_text("第一条 最终用户 End user\n"
                      "名称 / Name: 苏州磁源电机有限公司\n"
                      "地址 / Address: 苏州工业园区星湖街328号\n"
                      "第二条 最终用途 End use\n"
                      "用于生产电动汽车驱动电机的烧结钕铁硼磁体\n"
                      "第三条 其他事项 Other matters\n"
                      "本证明一式两份。\n"
                      "4. 下游加工商 Downstream processing\n"
                      "Name: Jiangmen Coating Works Co., Ltd.\n"
                      "Address: 12 Gangkou Road, Jiangmen, Guangdong, China\n"
                      "5. 再出口 Re-export\n"
                      "The goods will not be re-exported to any third country.\n");
    check_xp(d, "/certificate/end-user/name", "苏州磁源电机有限公司");
    check_xp(d, "/certificate/end-use/description", "用于生产电动汽车驱动电机的烧结钕铁硼磁体");
    check_n(d, "/certificate/sub-suppliers/party", 1);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Jiangmen Coating Works Co., Ltd.");
    check_xp(d, "/certificate/sub-suppliers/party[1]/address", "12 Gangkou Road, Jiangmen, Guangdong");
    check_xp(d, "/certificate/re-export/@permitted", "no");
    xmlFreeDoc(d);
    end_checks();
}

/* --- 2. tables stop where they end -------------------------------------- */

static void test_tables_stop(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* An items table, then a heading and a sub-supplier. */
    d = pt_parse_text("Description of goods\n"
                      "No.  Description              HS code    Quantity    Value (USD)\n"
                      "1    Neodymium metal          2805.30    2,000 kg    130,000.00\n"
                      "2    Praseodymium oxide       2846.90    500 kg       41,250.00\n"
                      "PROCESSING COMPANIES\n"
                      "Sub-supplier: Kaohsiung Surface Tech Co., Ltd., No. 5 Linhai Road,\n"
                      "Kaohsiung 812, Taiwan (nickel plating of magnets)\n");
    check_n(d, "/certificate/items/item", 2);
    check_xp(d, "/certificate/items/item[2]/description", "Praseodymium oxide");
    check_xp(d, "/certificate/items/item[2]/quantity", "500");
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Kaohsiung Surface Tech Co., Ltd.");
    xmlFreeDoc(d);

    /* An items table, then a heading and an end-use paragraph. */
    d = pt_parse_text("Qty    Unit   Description                        Amount\n"
                      "300    kg     Dysprosium-iron alloy DyFe 80/20   EUR 123,000.00\n"
                      "END USE\n"
                      "The alloy will be used for grain boundary diffusion in our magnet\n"
                      "plant in Hai Phong.\n");
    check_n(d, "/certificate/items/item", 1);
    check_xp(d, "/certificate/items/item[1]/description", "Dysprosium-iron alloy DyFe 80/20");
    check_xp(d, "/certificate/items/item[1]/quantity", "300");
    check_xp(d, "/certificate/items/item[1]/value", "123000");
    check_xp(d, "/certificate/items/item[1]/value/@currency", "EUR");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "kg");
    check_has(d, "/certificate/end-use/description", "grain boundary diffusion");
    xmlFreeDoc(d);

    /* Column headers over two lines. */
    d = pt_parse_text("No.  Goods description            HS code     Net            Invoice value\n"
                      "                                              Weight (kg)    (JPY)\n"
                      "1    Terbium oxide Tb4O7 99.99%   2846.90     25             5,600,000\n"
                      "2    Yttrium oxide Y2O3 99.999%   2846.90     400            1,920,000\n");
    check_n(d, "/certificate/items/item", 2);
    check_xp(d, "/certificate/items/item[1]/description", "Terbium oxide Tb4O7 99.99%");
    check_xp(d, "/certificate/items/item[1]/quantity", "25");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "kg");
    check_xp(d, "/certificate/items/item[2]/quantity", "400");
    check_xp(d, "/certificate/items/item[2]/value", "1920000");
    check_xp(d, "/certificate/items/item[2]/value/@currency", "JPY");
    check_xp(d, "/certificate/items/item[2]/hs-code", "2846.90");
    xmlFreeDoc(d);

    /* A description cell wrapped over two lines. */
    d = pt_parse_text("Pos  Description                      Quantity    HS code\n"
                      "1    Sintered NdFeB magnet blocks,    1,200 pcs   8505.11\n"
                      "     grade N52, nickel coated\n"
                      "2    Samarium-cobalt rings Sm2Co17    300 pcs     8505.11\n");
    check_n(d, "/certificate/items/item", 2);
    check_xp(d, "/certificate/items/item[1]/description",
              "Sintered NdFeB magnet blocks, grade N52, nickel coated");
    check_xp(d, "/certificate/items/item[1]/quantity", "1200");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "pcs");
    check_xp(d, "/certificate/items/item[2]/description", "Samarium-cobalt rings Sm2Co17");
    xmlFreeDoc(d);

    /* A total row is no item. */
    d = pt_parse_text("Item  Material                 Quantity (t)   Value (EUR)\n"
                      "1     Cerium carbonate         12.5           31,250.00\n"
                      "2     Lanthanum oxide          8              14,400.00\n"
                      "      TOTAL                    20.5           45,650.00\n");
    check_n(d, "/certificate/items/item", 2);
    check_xp(d, "/certificate/items/item[1]/quantity", "12.5");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "t");
    check_xp(d, "/certificate/items/item[2]/description", "Lanthanum oxide");
    check_xp(d, "/certificate/items/item[2]/value", "14400");
    check_n(d, "/certificate/items/item[contains(translate(description,'total','TOTAL'),'TOTAL')]", 0);
    xmlFreeDoc(d);

    /* A table continued on the next page, with its header repeated and a
     * page footer between the rows. */
    d = parse_text_file("kr-2026-031.txt",
                        "END-USER CERTIFICATE No. KR-2026-031\n"
                        "End user: Hanbit Motor Co., Ltd., 21 Gongdan-ro, Changwon 51567, Republic of Korea\n"
                        "Goods:\n"
                        "No.  Description                  Quantity     Value (USD)\n"
                        "1    Neodymium-praseodymium       3,000 kg     210,000.00\n"
                        "     metal (PrNd 25/75)\n"
                        "2    Dysprosium oxide             150 kg        52,500.00\n"
                        "\n"
                        "                                          Page 1 of 2\n"
                        "\f"
                        "No.  Description                  Quantity     Value (USD)\n"
                        "3    Terbium metal                40 kg         44,000.00\n"
                        "\n"
                        "End use: Traction motor magnets for electric buses\n"
                        "                                          Page 2 of 2\n");
    check_n(d, "/certificate/items/item", 3);
    check_xp(d, "/certificate/items/item[1]/description", "Neodymium-praseodymium metal (PrNd 25/75)");
    check_xp(d, "/certificate/items/item[1]/value", "210000");
    check_xp(d, "/certificate/items/item[1]/value/@currency", "USD");
    check_xp(d, "/certificate/items/item[2]/description", "Dysprosium oxide");
    check_xp(d, "/certificate/items/item[3]/description", "Terbium metal");
    check_xp(d, "/certificate/items/item[3]/quantity", "40");
    check_xp(d, "/certificate/items/item[3]/value", "44000");
    check_xp(d, "/certificate/end-user/country/@code", "KR");
    check_xp(d, "/certificate/end-use/description", "Traction motor magnets for electric buses");
    xmlFreeDoc(d);
    end_checks();
}

/* --- 3. labels read by what they mean ------------------------------------ */

static void test_labels_by_meaning(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* ("Buyer" alone could be the importer as well as the end user.) */
    d = pt_parse_text("Full legal name of the final user: Andes Magnetics S.A.C.\n"
                      "Registered office: Av. Javier Prado Este 4200, Lima 15023, Peru\n"
                      "Product: Dysprosium oxide Dy2O3, 99.5%\n"
                      "Amount ordered: 750 kg\n"
                      "Intended end-use: Production of high-coercivity magnets for mining conveyor motors\n"
                      "Specific location where the items will be finally used: Planta Callao,\n"
                      "Av. Argentina 3250, Callao\n");
    check_xp(d, "/certificate/end-user/name", "Andes Magnetics S.A.C.");
    check_xp(d, "/certificate/end-user/address", "Av. Javier Prado Este 4200, Lima 15023");
    check_xp(d, "/certificate/end-user/country/@code", "PE");
    check_xp(d, "/certificate/items/item[1]/description", "Dysprosium oxide Dy2O3, 99.5%");
    check_xp(d, "/certificate/items/item[1]/quantity", "750");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "kg");
    check_n(d, "/certificate/items/item[1]/value", 0); /* a weight is no price */
    check_xp(d, "/certificate/end-use/description",
              "Production of high-coercivity magnets for mining conveyor motors");
    check_xp(d, "/certificate/end-use/location", "Planta Callao, Av. Argentina 3250, Callao");
    xmlFreeDoc(d);

    /* US-style wording. */
    d = pt_parse_text("Seller: Northern Alloys Co., Ltd., 18 Steel Road, Baotou, China\n"
                      "Disposition or use of items by ultimate consignee: Servo motors for\n"
                      "packaging machinery\n"
                      "Signature of official: /s/ Dana Whitfield\n");
    check_xp(d, "/certificate/exporter/name", "Northern Alloys Co., Ltd.");
    check_xp(d, "/certificate/exporter/country/@code", "CN");
    check_xp(d, "/certificate/end-use/description", "Servo motors for packaging machinery");
    xmlFreeDoc(d);

    /* "Processor:" and what it does. */
    d = pt_parse_text("End user: Brno Servo Technik a.s., Videnska 101, 619 00 Brno, Czech Republic\n"
                      "Processor: Ostrava Magnet Finishing s.r.o.\n"
                      "Address: Prumyslova 7, 709 00 Ostrava, Czech Republic\n"
                      "Processing performed: Grinding and nickel plating of magnet blocks\n");
    check_xp(d, "/certificate/end-user/name", "Brno Servo Technik a.s.");
    check_n(d, "/certificate/sub-suppliers/party", 1);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Ostrava Magnet Finishing s.r.o.");
    check_xp(d, "/certificate/sub-suppliers/party[1]/address", "Prumyslova 7, 709 00 Ostrava");
    check_xp(d, "/certificate/sub-suppliers/party[1]/country/@code", "CZ");
    check_xp(d, "/certificate/sub-suppliers/party[1]/role",
              "Grinding and nickel plating of magnet blocks");
    check_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    xmlFreeDoc(d);

    /* "Sub-supplier:" in the singular. */
    d = pt_parse_text("Sub-supplier: Mersin Kaplama A.S., Organize Sanayi Bolgesi 3. Cadde No. 14,\n"
                      "Mersin, Turkey\n"
                      "Intended end-use: Magnets for household washing machine motors\n");
    check_n(d, "/certificate/sub-suppliers/party", 1);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Mersin Kaplama A.S.");
    check_xp(d, "/certificate/sub-suppliers/party[1]/country/@code", "TR");
    check_xp(d, "/certificate/end-use/description", "Magnets for household washing machine motors");
    xmlFreeDoc(d);

    /* Wording of our own. */
    d = pt_parse_text("Name of the firm using the goods: Oy Nordic Rotor Ab\n"
                      "Purpose for which the goods are required: Generators for small hydropower plants\n"
                      "Place of installation: Kemijoki power station, Rovaniemi\n"
                      "Intermediate consignee: Baltic Freight Forwarding OU, Sadama 25, 10111 Tallinn,\n"
                      "Estonia\n");
    check_xp(d, "/certificate/end-user/name", "Oy Nordic Rotor Ab");
    check_xp(d, "/certificate/end-use/description", "Generators for small hydropower plants");
    check_xp(d, "/certificate/end-use/location", "Kemijoki power station, Rovaniemi");
    check_xp(d, "/certificate/consignee/name", "Baltic Freight Forwarding OU");
    check_xp(d, "/certificate/consignee/country/@code", "EE");
    xmlFreeDoc(d);
    end_checks();
}

/* --- 4. letters in prose ------------------------------------------------- */

static void test_prose_letters(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text(
        "To: Jiangxi Golden Phoenix Rare Earth Co., Ltd.\n"
        "    88 Jinling Road, Ganzhou, Jiangxi 341000, China\n"
        "Athens, 14 March 2026\n"
        "\n"
        "Dear Sirs,\n"
        "\n"
        "We, Hellenic Drive Systems S.A., of 27 Kifisias Avenue, 15123 Marousi, Greece, are the\n"
        "buyer and final user of the goods described in this letter.\n"
        "Under contract HDS-2026-044 we are purchasing 1,500 kg of neodymium-praseodymium metal\n"
        "(HS 2805.30) from your company.\n"
        "The metal will be used at our plant in Thessaloniki for the production of sintered\n"
        "magnets for elevator motors.\n"
        "The finished magnets will be coated by Attica Coatings Ltd., 9 Pireos Street, 18233\n"
        "Piraeus, Greece, which applies an epoxy layer to them. No other company will handle\n"
        "the goods.\n"
        "We will not re-export the goods, or the magnets made from them, unless we have first\n"
        "obtained the consent of your company and of the Chinese authorities.\n"
        "We confirm that the goods will not be used for any military purpose.\n"
        "\n"
        "Yours faithfully,\n"
        "\n"
        "Nikos Papadakis\n"
        "Purchasing Director\n"
        "Hellenic Drive Systems S.A.\n");
    check_xp(d, "/certificate/end-user/name", "Hellenic Drive Systems S.A.");
    check_xp(d, "/certificate/end-user/country/@code", "GR");
    check_xp(d, "/certificate/items/item[1]/quantity", "1500");
    check_xp(d, "/certificate/items/item[1]/quantity/@unit", "kg");
    check_has(d, "/certificate/items/item[1]/description", "neodymium-praseodymium metal");
    check_n(d, "/certificate/end-use/description", 1);
    check_has(d, "/certificate/end-use/description", "sintered magnets");
    check_lacks(d, "/certificate/end-use/description", "military");
    check_n(d, "/certificate/sub-suppliers/party", 1);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Attica Coatings Ltd.");
    check_xp(d, "/certificate/sub-suppliers/party[1]/country/@code", "GR");
    check_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    check_xp(d, "/certificate/re-export/@permitted", "no");
    check_n(d, "/certificate/assurances/assurance[@kind='no-military-use']", 1);
    check_xp(d, "/certificate/signatory/name", "Nikos Papadakis");
    check_xp(d, "/certificate/signatory/title", "Purchasing Director");
    xmlFreeDoc(d);

    /* Two sub-suppliers as a numbered list inside a letter. */
    d = pt_parse_text(
        "Dear Sir or Madam,\n"
        "We, Saigon Motor Components JSC, 45 Nguyen Van Linh, District 7, Ho Chi Minh City,\n"
        "Vietnam, confirm that we are the end user of 800 kg of dysprosium oxide supplied under\n"
        "order PO-7781.\n"
        "The oxide will be processed for us by the following companies:\n"
        "1. Binh Duong Alloy Co., Ltd., Lot C3, VSIP II, Thu Dau Mot, Binh Duong, Vietnam\n"
        "   (alloy melting)\n"
        "2. Dong Nai Magnet Finishing Co., 8 Road 2, Amata Industrial Park, Bien Hoa, Vietnam\n"
        "   (grinding and coating)\n"
        "The finished magnets will be used in our factory for ceiling fan motors.\n"
        "Yours sincerely,\n"
        "Tran Minh Duc\n"
        "General Director\n");
    check_xp(d, "/certificate/end-user/name", "Saigon Motor Components JSC");
    check_xp(d, "/certificate/end-user/country/@code", "VN");
    check_xp(d, "/certificate/items/item[1]/quantity", "800");
    check_n(d, "/certificate/sub-suppliers/party", 2);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Binh Duong Alloy Co., Ltd.");
    check_xp(d, "/certificate/sub-suppliers/party[1]/role", "alloy melting");
    check_xp(d, "/certificate/sub-suppliers/party[2]/name", "Dong Nai Magnet Finishing Co.");
    check_xp(d, "/certificate/sub-suppliers/party[2]/role", "grinding and coating");
    check_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    check_has(d, "/certificate/end-use/description", "ceiling fan motors");
    xmlFreeDoc(d);
    end_checks();
}

/* --- 5. negation --------------------------------------------------------- */

static void test_negation(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* A denied military use next to the real one. */
    d = pt_parse_text(
        "Dear Sirs,\n"
        "We, Rhone Aimants SAS, 14 rue de l'Industrie, 69200 Venissieux, France, declare that the\n"
        "samarium-cobalt alloy we buy from you is not intended for military use and will not be\n"
        "used in any weapon system.\n"
        "The alloy will be used to manufacture magnets for medical MRI equipment.\n");
    check_has(d, "/certificate/end-use/description", "MRI");
    check_lacks(d, "/certificate/end-use/description", "military");
    check_lacks(d, "/certificate/end-use/description", "weapon");
    if (pt_count(d, "/certificate/assurances/assurance[@kind='no-military-use']") < 1) {
        fprintf(stderr, "count(assurance[@kind='no-military-use']): got 0, want >= 1\n");
        nfail++;
    }
    xmlFreeDoc(d);

    /* The denial is the only statement of purpose: no end use at all. */
    d = pt_parse_text("To whom it may concern,\n"
                      "We, Kraków Drive Systems Sp. z o.o., confirm that the terbium metal ordered\n"
                      "from you will not be used for military purposes.\n");
    check_n(d, "/certificate/end-use/description", 0);
    check_n(d, "/certificate/assurances/assurance[@kind='no-military-use']", 1);
    xmlFreeDoc(d);

    /* A real military end use is the end use. */
    d = pt_parse_text(
        "Dear Sirs,\n"
        "We, Anatolia Defence Electronics A.S., Ankara, Turkey, confirm that the samarium-cobalt\n"
        "magnets purchased under contract ADE-55 will be used for guidance systems of the armed\n"
        "forces.\n");
    check_has(d, "/certificate/end-use/description", "guidance systems");
    check_n(d, "/certificate/assurances/assurance[@kind='no-military-use']", 0);
    xmlFreeDoc(d);

    d = pt_parse_text("We do not intend to re-export the goods.\n");
    check_xp(d, "/certificate/re-export/@permitted", "no");
    xmlFreeDoc(d);

    d = pt_parse_text("After assembly into pump motors, the goods will be re-exported to Mexico.\n");
    check_xp(d, "/certificate/re-export/@permitted", "yes");
    check_n(d, "/certificate/re-export/destination", 1);
    check_xp(d, "/certificate/re-export/destination[1]/@code", "MX");
    xmlFreeDoc(d);

    d = pt_parse_text("The goods will be re-exported to Mexico.\n");
    check_xp(d, "/certificate/re-export/@permitted", "yes");
    check_xp(d, "/certificate/re-export/destination[1]/@code", "MX");
    xmlFreeDoc(d);
    end_checks();
}

/* --- 6. signatures in letters ------------------------------------------- */

static const char *const pdf_letter[] = {
    "Dear Sirs,",
    "We, Fjordland Magnet AS, Industriveien 12, 4033 Stavanger, Norway, are the end",
    "user of 200 kg of samarium-cobalt alloy ordered from you.",
    "The alloy will be used for magnets in offshore winch motors.",
    "We will not use the goods for any military purpose.",
    NULL,
};

/* A one-page PDF letter in real text; with_curve adds a hand-drawn
 * signature between the closing and the typed name. */
static void write_pdf_letter(const char *path, int with_curve)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 612, 792);
    cairo_t *cr = cairo_create(s);
    int i;
    double y = 100;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    for (i = 0; pdf_letter[i] != NULL; i++, y += 18) {
        cairo_move_to(cr, 72, y);
        cairo_show_text(cr, pdf_letter[i]);
    }
    y += 18;
    cairo_move_to(cr, 72, y);
    cairo_show_text(cr, "Yours faithfully,");
    if (with_curve) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.05, 0.1, 0.45);
        cairo_set_line_width(cr, 1.4);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to(cr, 76, y + 38);
        cairo_curve_to(cr, 88, y + 8, 100, y + 12, 104, y + 34);
        cairo_curve_to(cr, 108, y + 50, 122, y + 14, 134, y + 26);
        cairo_curve_to(cr, 146, y + 38, 152, y + 20, 166, y + 30);
        cairo_curve_to(cr, 180, y + 40, 190, y + 22, 204, y + 28);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    cairo_move_to(cr, 72, y + 62);
    cairo_show_text(cr, "Solveig Berntsen");
    cairo_move_to(cr, 72, y + 78);
    cairo_show_text(cr, "Managing Director");
    cairo_move_to(cr, 72, y + 94);
    cairo_show_text(cr, "Fjordland Magnet AS");
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static void test_signatures_in_letters(void **state)
{
    xmlDocPtr d;
    char *dir, *path;

    (void)state;
    /* (a) a conformed signature above the typed name */
    d = pt_parse_text("We confirm that the goods will be used only in Norway.\n"
                      "Yours sincerely,\n"
                      "/s/ Ingrid Larsen\n"
                      "Ingrid Larsen\n"
                      "Head of Procurement\n"
                      "Bergen Magnetics AS\n");
    check_xp(d, "/certificate/signatory/name", "Ingrid Larsen");
    check_xp(d, "/certificate/signatory/title", "Head of Procurement");
    check_xp(d, "/certificate/signatory/signature/@present", "true");
    xmlFreeDoc(d);

    /* (b) a typed name only, in a text file: nothing signed */
    d = parse_text_file("unsigned.txt",
                        "Dear Sirs,\n"
                        "We, Bergen Magnetics AS, confirm that the goods will be used only in Norway.\n"
                        "\n"
                        "Yours sincerely,\n"
                        "\n"
                        "Ingrid Larsen\n"
                        "Head of Procurement\n"
                        "Bergen Magnetics AS\n");
    check_xp(d, "/certificate/signatory/name", "Ingrid Larsen");
    check_xp(d, "/certificate/signatory/signature/@present", "false");
    xmlFreeDoc(d);

    /* (c) a born-digital PDF with a drawn signature, and the same without */
    dir = tu_tmpdir();
    assert_non_null(dir);
    path = g_strdup_printf("%s/signed.pdf", dir);
    write_pdf_letter(path, 1);
    d = parse_file(path);
    check_xp(d, "/certificate/end-user/name", "Fjordland Magnet AS");
    check_xp(d, "/certificate/signatory/name", "Solveig Berntsen");
    check_xp(d, "/certificate/signatory/signature/@present", "true");
    xmlFreeDoc(d);
    g_free(path);
    path = g_strdup_printf("%s/unsigned.pdf", dir);
    write_pdf_letter(path, 0);
    d = parse_file(path);
    check_xp(d, "/certificate/signatory/name", "Solveig Berntsen");
    check_xp(d, "/certificate/signatory/signature/@present", "false");
    xmlFreeDoc(d);
    g_free(path);
    tu_rmtree(dir);
    free(dir);
    end_checks();
}

/* --- 7. facts left out ---------------------------------------------------- */

static void test_missing_facts(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* Only the company under the closing: no signatory name. */
    d = pt_parse_text("We, Kaveri Magnetics Pvt. Ltd., confirm that the goods will be used in India only.\n"
                      "Yours faithfully,\n"
                      "For and on behalf of\n"
                      "Kaveri Magnetics Pvt. Ltd.\n");
    check_n(d, "/certificate/signatory/name", 0);
    xmlFreeDoc(d);

    d = pt_parse_text("Yours faithfully,\n"
                      "\n"
                      "Kaveri Magnetics Pvt. Ltd.\n"
                      "Plot 17, Peenya Industrial Area, Bengaluru 560058, India\n");
    check_n(d, "/certificate/signatory/name", 0);
    xmlFreeDoc(d);

    /* An item with no quantity. */
    d = pt_parse_text("Description of goods: Lutetium oxide Lu2O3, 99.99%\n"
                      "HS code: 2846.90\n"
                      "End use: Scintillation crystals for PET scanners\n");
    check_n(d, "/certificate/items/item", 1);
    check_xp(d, "/certificate/items/item[1]/description", "Lutetium oxide Lu2O3, 99.99%");
    check_n(d, "/certificate/items/item[1]/quantity", 0);
    xmlFreeDoc(d);

    /* A table row with the quantity cell empty. */
    d = pt_parse_text("No.  Description                Quantity    Value (USD)\n"
                      "1    Europium oxide Eu2O3                    18,000.00\n"
                      "2    Gadolinium oxide Gd2O3     200 kg       9,400.00\n");
    check_n(d, "/certificate/items/item", 2);
    check_xp(d, "/certificate/items/item[1]/description", "Europium oxide Eu2O3");
    check_n(d, "/certificate/items/item[1]/quantity", 0);
    check_xp(d, "/certificate/items/item[2]/quantity", "200");
    xmlFreeDoc(d);

    /* A sub-supplier named without an address. */
    d = pt_parse_text("End user: Kyushu Motor Parts Co., Ltd., 3-1 Hakata-ekimae, Fukuoka 812-0011, Japan\n"
                      "Processing company: Saga Plating Co., Ltd. (nickel plating)\n"
                      "End use: Magnets for electric power steering motors\n");
    check_n(d, "/certificate/sub-suppliers/party", 1);
    check_xp(d, "/certificate/sub-suppliers/party[1]/name", "Saga Plating Co., Ltd.");
    check_n(d, "/certificate/sub-suppliers/party[1]/address", 0);
    check_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    xmlFreeDoc(d);

    /* An end user without an address. */
    d = pt_parse_text("End user: Porto Alegre Motores Ltda.\n"
                      "Country: Brazil\n"
                      "End use: Magnets for irrigation pump motors\n");
    check_xp(d, "/certificate/end-user/name", "Porto Alegre Motores Ltda.");
    check_xp(d, "/certificate/end-user/country/@code", "BR");
    check_n(d, "/certificate/end-user/address", 0);
    xmlFreeDoc(d);
    end_checks();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_headings_end_sections, reset_checks),
        cmocka_unit_test_setup(test_tables_stop, reset_checks),
        cmocka_unit_test_setup(test_labels_by_meaning, reset_checks),
        cmocka_unit_test_setup(test_prose_letters, reset_checks),
        cmocka_unit_test_setup(test_negation, reset_checks),
        cmocka_unit_test_setup(test_signatures_in_letters, reset_checks),
        cmocka_unit_test_setup(test_missing_facts, reset_checks),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
