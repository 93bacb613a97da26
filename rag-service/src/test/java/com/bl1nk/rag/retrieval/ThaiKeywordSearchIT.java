package com.bl1nk.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ThaiKeywordSearchIT extends RagIntegrationTest {

    /** A dozen short Thai paragraphs, one topic each, written for this test. */
    static final List<String> PARAGRAPHS = List.of(
            "การสำรองข้อมูลฐานข้อมูลทำทุกคืนเวลาตีสอง และเก็บไว้สามสิบห้าวัน",
            "พนักงานลาพักร้อนได้ปีละสิบห้าวัน ต้องแจ้งหัวหน้าล่วงหน้าหนึ่งสัปดาห์",
            "การเบิกค่าเดินทางต้องแนบใบเสร็จทุกใบภายในสามสิบวัน",
            "ห้องประชุมใหญ่อยู่ชั้นห้า จองผ่านระบบปฏิทินของบริษัท",
            "รหัสผ่านต้องยาวอย่างน้อยสิบสองตัวอักษรและเปลี่ยนทุกเก้าสิบวัน",
            "ลูกค้าติดต่อฝ่ายบริการได้ทางโทรศัพท์ตั้งแต่แปดโมงถึงหกโมงเย็น",
            "การติดตั้งซอฟต์แวร์ใหม่ต้องได้รับอนุมัติจากฝ่ายไอทีก่อน",
            "อาหารกลางวันฟรีทุกวันศุกร์ที่โรงอาหารชั้นหนึ่ง",
            "ที่จอดรถสำหรับจักรยานอยู่ด้านหลังอาคาร",
            "การประเมินผลงานประจำปีจัดขึ้นในเดือนธันวาคม",
            "เครื่องพิมพ์สีอยู่ข้างห้องครัว ใช้บัตรพนักงานเพื่อพิมพ์",
            "ในกรณีไฟไหม้ให้ใช้บันไดหนีไฟและรวมตัวที่ลานจอดรถ");

    @Test
    void aThaiKeywordQueryFindsTheThaiParagraph() {
        Tenants.Tenant tenant = Tenants.newTenant();
        // two knowledge bases searched together (a knowledge base holds at most QUOTA_DOCUMENTS in tests)
        UUID kb = createKnowledgeBase(tenant, "thai-1");
        UUID kb2 = createKnowledgeBase(tenant, "thai-2");
        for (int i = 0; i < PARAGRAPHS.size(); i++) {
            UUID target = i % 2 == 0 ? kb : kb2;
            awaitReady(tenant, target, uploadText(tenant, target, "th-" + i + ".txt", "text/plain", PARAGRAPHS.get(i)));
        }

        Api.Response leave = query(
                tenant,
                kb,
                Map.of("query", "ลาพักร้อนได้กี่วัน", "mode", "keyword", "topK", 3, "knowledgeBaseIds", List.of(kb2)));
        Api.Response password = query(
                tenant,
                kb,
                Map.of(
                        "query",
                        "รหัสผ่านยาวกี่ตัวอักษร",
                        "mode",
                        "keyword",
                        "topK",
                        3,
                        "knowledgeBaseIds",
                        List.of(kb2)));

        assertThat(leave.status()).as(leave.body()).isEqualTo(200);
        assertThat(leave.json()
                        .get("results")
                        .get(0)
                        .get("document")
                        .get("name")
                        .asString())
                .isEqualTo("th-1.txt");
        assertThat(password.json()
                        .get("results")
                        .get(0)
                        .get("document")
                        .get("name")
                        .asString())
                .isEqualTo("th-4.txt");
    }
}
