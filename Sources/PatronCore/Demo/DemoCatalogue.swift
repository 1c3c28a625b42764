/// The fixed parts of the demo: where the chain trades and what it sells. Prices are in fen.
enum DemoCatalogue {
    struct StoreSeed {
        let code, name, city, region: String
        let isOnline: Bool
        /// Relative share of the chain's trade.
        let weight: Double
    }

    static let stores: [StoreSeed] = [
        .init(code: "SH-001", name: "上海南京西路店", city: "上海", region: "华东", isOnline: false, weight: 5),
        .init(code: "SH-002", name: "上海徐家汇店", city: "上海", region: "华东", isOnline: false, weight: 3),
        .init(code: "BJ-001", name: "北京三里屯店", city: "北京", region: "华北", isOnline: false, weight: 4),
        .init(code: "GZ-001", name: "广州天河城店", city: "广州", region: "华南", isOnline: false, weight: 3),
        .init(code: "SZ-001", name: "深圳万象城店", city: "深圳", region: "华南", isOnline: false, weight: 3),
        .init(code: "CD-001", name: "成都太古里店", city: "成都", region: "西南", isOnline: false, weight: 2),
        .init(code: "HZ-001", name: "杭州湖滨店", city: "杭州", region: "华东", isOnline: false, weight: 2),
        .init(code: "WEB-001", name: "官方网店", city: "上海", region: "线上", isOnline: true, weight: 6),
    ]

    struct CategorySeed {
        let code, nameZh, nameEn: String
        let parent: String?
    }

    static let categories: [CategorySeed] = [
        .init(code: "APPAREL", nameZh: "服装", nameEn: "Apparel", parent: nil),
        .init(code: "WOMEN", nameZh: "女装", nameEn: "Womenswear", parent: "APPAREL"),
        .init(code: "MEN", nameZh: "男装", nameEn: "Menswear", parent: "APPAREL"),
        .init(code: "SHOES", nameZh: "鞋履", nameEn: "Footwear", parent: nil),
        .init(code: "BEAUTY", nameZh: "美妆护肤", nameEn: "Beauty", parent: nil),
        .init(code: "HOME", nameZh: "家居生活", nameEn: "Home", parent: nil),
        .init(code: "FOOD", nameZh: "食品", nameEn: "Food", parent: nil),
    ]

    struct ProductSeed {
        let sku, nameZh, nameEn, category, brand: String
        let priceFen: Int64
    }

    static let products: [ProductSeed] = [
        .init(sku: "W-DRS-001", nameZh: "真丝连衣裙", nameEn: "Silk dress", category: "WOMEN", brand: "澜庭", priceFen: 129_900),
        .init(sku: "W-DRS-002", nameZh: "碎花雪纺裙", nameEn: "Floral chiffon dress", category: "WOMEN", brand: "澜庭", priceFen: 45_900),
        .init(sku: "W-TOP-001", nameZh: "羊绒针织衫", nameEn: "Cashmere sweater", category: "WOMEN", brand: "澜庭", priceFen: 89_900),
        .init(sku: "W-TOP-002", nameZh: "纯棉T恤", nameEn: "Cotton T-shirt", category: "WOMEN", brand: "素野", priceFen: 9_900),
        .init(sku: "W-COT-001", nameZh: "双面羊毛大衣", nameEn: "Double-faced wool coat", category: "WOMEN", brand: "澜庭", priceFen: 259_900),
        .init(sku: "W-PNT-001", nameZh: "高腰阔腿裤", nameEn: "High-waist wide trousers", category: "WOMEN", brand: "素野", priceFen: 29_900),
        .init(sku: "M-SHT-001", nameZh: "免烫衬衫", nameEn: "Non-iron shirt", category: "MEN", brand: "衡山", priceFen: 39_900),
        .init(sku: "M-SHT-002", nameZh: "亚麻衬衫", nameEn: "Linen shirt", category: "MEN", brand: "素野", priceFen: 32_900),
        .init(sku: "M-JKT-001", nameZh: "羽绒服", nameEn: "Down jacket", category: "MEN", brand: "衡山", priceFen: 169_900),
        .init(sku: "M-PNT-001", nameZh: "弹力休闲裤", nameEn: "Stretch chinos", category: "MEN", brand: "衡山", priceFen: 29_900),
        .init(sku: "M-TEE-001", nameZh: "圆领T恤", nameEn: "Crew-neck T-shirt", category: "MEN", brand: "素野", priceFen: 7_900),
        .init(sku: "M-SUT-001", nameZh: "羊毛西装", nameEn: "Wool suit", category: "MEN", brand: "衡山", priceFen: 399_900),
        .init(sku: "S-SNK-001", nameZh: "缓震跑鞋", nameEn: "Cushioned running shoes", category: "SHOES", brand: "疾风", priceFen: 69_900),
        .init(sku: "S-SNK-002", nameZh: "帆布鞋", nameEn: "Canvas sneakers", category: "SHOES", brand: "素野", priceFen: 19_900),
        .init(sku: "S-BOT-001", nameZh: "真皮短靴", nameEn: "Leather ankle boots", category: "SHOES", brand: "澜庭", priceFen: 99_900),
        .init(sku: "S-LOF-001", nameZh: "乐福鞋", nameEn: "Loafers", category: "SHOES", brand: "衡山", priceFen: 79_900),
        .init(sku: "B-SER-001", nameZh: "修护精华液", nameEn: "Repair serum", category: "BEAUTY", brand: "玉容", priceFen: 58_000),
        .init(sku: "B-CRM-001", nameZh: "保湿面霜", nameEn: "Moisturising cream", category: "BEAUTY", brand: "玉容", priceFen: 32_000),
        .init(sku: "B-MSK-001", nameZh: "补水面膜（10片）", nameEn: "Hydrating masks (10)", category: "BEAUTY", brand: "玉容", priceFen: 12_900),
        .init(sku: "B-LIP-001", nameZh: "丝绒口红", nameEn: "Velvet lipstick", category: "BEAUTY", brand: "玉容", priceFen: 26_000),
        .init(sku: "B-SUN-001", nameZh: "清透防晒乳", nameEn: "Light sunscreen", category: "BEAUTY", brand: "玉容", priceFen: 16_800),
        .init(sku: "H-TEA-001", nameZh: "青瓷茶具套装", nameEn: "Celadon tea set", category: "HOME", brand: "器物", priceFen: 68_800),
        .init(sku: "H-BED-001", nameZh: "长绒棉四件套", nameEn: "Long-staple cotton bedding set", category: "HOME", brand: "器物", priceFen: 99_900),
        .init(sku: "H-CUP-001", nameZh: "保温杯", nameEn: "Insulated bottle", category: "HOME", brand: "器物", priceFen: 15_900),
        .init(sku: "H-CND-001", nameZh: "香薰蜡烛", nameEn: "Scented candle", category: "HOME", brand: "器物", priceFen: 12_800),
        .init(sku: "F-TEA-001", nameZh: "西湖龙井（250克）", nameEn: "Longjing tea (250 g)", category: "FOOD", brand: "山野", priceFen: 36_800),
        .init(sku: "F-MOON-001", nameZh: "流心月饼礼盒", nameEn: "Mooncake gift box", category: "FOOD", brand: "山野", priceFen: 28_800),
        .init(sku: "F-NUT-001", nameZh: "每日坚果（30袋）", nameEn: "Daily nuts (30 packs)", category: "FOOD", brand: "山野", priceFen: 13_900),
        .init(sku: "F-HON-001", nameZh: "土蜂蜜", nameEn: "Wild honey", category: "FOOD", brand: "山野", priceFen: 8_800),
        .init(sku: "F-CHO-001", nameZh: "黑巧克力礼盒", nameEn: "Dark chocolate box", category: "FOOD", brand: "山野", priceFen: 16_800),
    ]

    /// What shoppers of each product tend to put in the same basket, so the demo has the co-purchase structure
    /// real baskets have (a suit with a shirt, a tea set with tea) for recommendations to find.
    static let companions: [String: [String]] = [
        "W-DRS-001": ["S-BOT-001", "B-LIP-001"], "W-DRS-002": ["S-SNK-002", "W-TOP-002"], "W-TOP-001": ["W-PNT-001", "W-COT-001"],
        "W-TOP-002": ["W-PNT-001", "S-SNK-002"], "W-COT-001": ["W-TOP-001", "S-BOT-001"], "W-PNT-001": ["W-TOP-002", "W-TOP-001"],
        "M-SHT-001": ["M-PNT-001", "M-SUT-001"], "M-SHT-002": ["M-PNT-001", "M-TEE-001"], "M-JKT-001": ["M-PNT-001", "S-SNK-001"],
        "M-PNT-001": ["M-SHT-001", "M-TEE-001"], "M-TEE-001": ["S-SNK-001", "M-SHT-002"], "M-SUT-001": ["M-SHT-001", "S-LOF-001"],
        "S-SNK-001": ["M-TEE-001", "H-CUP-001"], "S-SNK-002": ["W-TOP-002", "M-TEE-001"], "S-BOT-001": ["W-COT-001", "W-DRS-001"],
        "S-LOF-001": ["M-SUT-001", "M-SHT-001"], "B-SER-001": ["B-CRM-001", "B-MSK-001"], "B-CRM-001": ["B-SER-001", "B-SUN-001"],
        "B-MSK-001": ["B-CRM-001", "B-SER-001"], "B-LIP-001": ["W-DRS-001", "B-SUN-001"], "B-SUN-001": ["B-CRM-001", "B-MSK-001"],
        "H-TEA-001": ["F-TEA-001", "H-CND-001"], "H-BED-001": ["H-CND-001", "H-CUP-001"], "H-CUP-001": ["F-TEA-001", "F-NUT-001"],
        "H-CND-001": ["H-BED-001", "B-MSK-001"], "F-TEA-001": ["H-TEA-001", "F-HON-001"], "F-MOON-001": ["F-TEA-001", "F-CHO-001"],
        "F-NUT-001": ["F-HON-001", "F-CHO-001"], "F-HON-001": ["F-TEA-001", "F-NUT-001"], "F-CHO-001": ["F-MOON-001", "F-NUT-001"],
    ]

    /// The departments a shopper comes back to; most of a member's lines are drawn from one or two of them.
    static let interests: [(code: String, female: Double, male: Double)] = [
        ("WOMEN", 6, 0.3), ("MEN", 0.3, 6), ("SHOES", 2, 2), ("BEAUTY", 5, 0.6), ("HOME", 2, 1.5), ("FOOD", 2, 2),
    ]

    static let surnames: [String] = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let givenNameCharacters: [String] = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉梅晨欣怡子轩浩宇一诺梓涵雨萱思远嘉怡佳琪俊杰文博婷雪慧颖鹏飞晓红海燕志宏丹丹").map(String.init)
    static let mobilePrefixes: [String] = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                                           "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186",
                                           "133", "153", "177", "180", "181", "189", "199", "166", "173", "176"]
}
