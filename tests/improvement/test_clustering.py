"""Text clustering with character n-grams: Thai (no spaces between words) and mixed languages."""

from sklearn.metrics import adjusted_mutual_info_score

from redress.improvement.clustering import ClusterParams, cluster_count, cluster_texts

THAI_DELIVERY = [
    "สั่งของไปสองอาทิตย์แล้ว พัสดุยังไม่มาส่งเลย ติดต่อขนส่งก็ไม่มีใครรับสาย",
    "พัสดุยังไม่มาส่ง รอมาสิบวันแล้ว ขนส่งบอกว่าของหาย",
    "ของที่สั่งยังไม่มาส่งเลยค่ะ เลยกำหนดส่งมาหนึ่งอาทิตย์แล้ว พัสดุหายไปไหน",
    "รอพัสดุมานานมาก ขนส่งไม่มาส่งของ โทรไปก็ไม่มีใครรับสาย",
    "พัสดุไม่มาส่งตามนัด ขนส่งแจ้งว่าส่งแล้วแต่ไม่ได้รับของ",
    "สั่งโต๊ะไปแล้วพัสดุยังไม่มาส่ง ขนส่งเงียบหายไปเลย",
]
THAI_BILLING = [
    "ถูกเรียกเก็บเงินซ้ำสองครั้งในบัตรเครดิต ขอเงินคืนด้วยค่ะ",
    "บัตรเครดิตถูกตัดเงินซ้ำ เรียกเก็บเงินสองครั้งสำหรับคำสั่งซื้อเดียว",
    "เรียกเก็บเงินเกินจากราคาที่แจ้งไว้ ถูกตัดเงินซ้ำในบัตรเครดิต",
    "ใบแจ้งหนี้เรียกเก็บเงินซ้ำ ขอให้คืนเงินที่ตัดเกินไปด้วย",
    "ตัดเงินจากบัตรเครดิตสองครั้ง เรียกเก็บเงินซ้ำ ต้องการเงินคืน",
    "ถูกเรียกเก็บเงินซ้ำในใบแจ้งหนี้เดือนนี้ บัตรเครดิตถูกตัดเงินสองรอบ",
]
BENGALI_DELIVERY = [
    "তিন সপ্তাহ আগে অর্ডার করেছি, পার্সেল এখনও পৌঁছায়নি। কুরিয়ার ফোন ধরে না।",
    "পার্সেল এখনও পৌঁছায়নি, কুরিয়ার বলছে পার্সেল হারিয়ে গেছে।",
    "অর্ডার করা পণ্য এখনও পৌঁছায়নি, ডেলিভারির তারিখ পেরিয়ে গেছে।",
    "কুরিয়ার পার্সেল দেয়নি, দশ দিন ধরে অপেক্ষা করছি, পার্সেল পৌঁছায়নি।",
    "ডেলিভারি হয়নি, কুরিয়ার ফোন ধরে না, পার্সেল কোথায় জানি না।",
    "টেবিলের পার্সেল এখনও পৌঁছায়নি, কুরিয়ার কিছু বলছে না।",
]
CROATIAN_BILLING = [
    "Naplaćeno mi je dvaput s kreditne kartice, tražim povrat novca.",
    "Kartica mi je terećena dvaput za istu narudžbu, molim povrat novca.",
    "Dvostruka naplata na računu ovog mjeseca, kreditna kartica terećena dvaput.",
    "Račun pokazuje dvostruku naplatu, tražim povrat novca za drugu naplatu.",
    "Naplatili ste mi dvaput, kartica je terećena dva puta, želim povrat.",
    "Dvaput naplaćeno s kartice za jednu narudžbu, molim povrat novca.",
]
SWEDISH_STAFF = [
    "Personalen i butiken var mycket otrevlig och skrek åt mig vid kassan.",
    "Otrevlig personal i butiken, expediten skrek åt mig inför andra kunder.",
    "Expediten vid kassan var otrevlig och vägrade hjälpa mig.",
    "Mycket otrevligt bemötande av personalen i butiken, ingen ville hjälpa.",
    "Personalen var otrevlig och skrek, jag kände mig förolämpad i butiken.",
    "Otrevlig expedit vid kassan, personalen i butiken skrek åt mig.",
]


def groups_score(groups):
    texts = [t for g in groups for t in g]
    truth = [i for i, g in enumerate(groups) for _ in g]
    k = len(groups)
    # Scale so that k = √(n/2) × scale is exactly the number of groups we wrote.
    scale = k / (len(texts) / 2) ** 0.5
    result = cluster_texts(texts, ClusterParams(scale=scale))
    assert len(set(result.labels)) == k
    return adjusted_mutual_info_score(truth, result.labels), result, texts


def test_thai_complaints_about_the_same_thing_cluster_together():
    ami, result, texts = groups_score([THAI_DELIVERY, THAI_BILLING])
    assert ami == 1.0, result.labels
    # The label terms come from the texts themselves: Thai n-grams, no word list.
    for terms in result.top_terms.values():
        assert terms and all(any(t in text for text in texts) for t in terms), terms


def test_mixed_languages_cluster_by_what_they_are_about():
    groups = [THAI_DELIVERY, THAI_BILLING, BENGALI_DELIVERY, CROATIAN_BILLING, SWEDISH_STAFF]
    ami, result, _texts = groups_score(groups)
    assert ami >= 0.9, result.labels


def test_the_central_complaint_belongs_to_its_cluster():
    _ami, result, _texts = groups_score([THAI_DELIVERY, SWEDISH_STAFF])
    for label, index in result.central.items():
        assert result.labels[index] == label
        assert 0 < result.cohesion[label] <= 1.0001


def test_clustering_is_deterministic():
    texts = THAI_DELIVERY + CROATIAN_BILLING + SWEDISH_STAFF
    assert cluster_texts(texts).labels == cluster_texts(texts).labels


def test_tiny_inputs_do_not_fail():
    assert cluster_texts([]).labels == []
    assert cluster_texts(["one"]).labels == [0]
    assert len(cluster_texts(["ก", "ข", "ค"]).labels) == 3


def test_the_number_of_clusters_grows_with_the_square_root_of_the_input():
    params = ClusterParams()
    assert cluster_count(8, params) == 2
    assert cluster_count(1_500, params) == 14
    assert cluster_count(20_000, params) == 50
    assert cluster_count(10**7, params) == params.max_clusters


def test_large_inputs_take_the_mini_batch_path_and_keep_groups_apart():
    from sklearn.metrics import homogeneity_score

    groups = [THAI_DELIVERY, THAI_BILLING, BENGALI_DELIVERY, CROATIAN_BILLING, SWEDISH_STAFF]
    texts, truth = [], []
    for i in range(5_100):
        g = groups[i % len(groups)]
        texts.append(f"{g[(i // len(groups)) % len(g)]} {i}")
        truth.append(i % len(groups))
    labels = cluster_texts(texts).labels
    assert len(set(labels)) == cluster_count(len(texts), ClusterParams()) == 26
    # More clusters than groups, but no cluster mixes two groups.
    assert homogeneity_score(truth, labels) > 0.99
