import Foundation
import PatronCore

/// The words of the demo's customer service: what customers raise on each channel, what staff answer, and the
/// two survey templates. Kept apart from the loader so the wording can be read and improved on its own.
enum DemoServiceTexts {
    /// One kind of contact a customer makes, and the ticket it becomes when it needs handling.
    struct Case {
        var channel: Interaction.Channel
        var kind: Interaction.Kind
        var subject: String
        var body: String
        var ticket: Ticket.Kind?
        var category: String?
        var reply: String
        var resolution: Ticket.ResolutionCode
    }

    /// Contacts that become tickets: complaints, inquiries, returns and repairs on every channel.
    static let ticketCases: [Case] = [
        Case(channel: .store, kind: .complaint, subject: "门店试衣间等候时间过长",
             body: "周六下午在南京西路店试衣，排队等了四十多分钟，店员说只开了两间试衣间，希望周末能多安排人手。",
             ticket: .complaint, category: "store_service",
             reply: "非常抱歉让您久等。我们已和门店沟通，周末高峰时段将增开试衣间并增加值班店员，感谢您的反馈。",
             resolution: .resolvedExplained),
        Case(channel: .hotline, kind: .complaint, subject: "羊绒衫洗后起球严重",
             body: "上个月购买的羊绒开衫，按标签手洗一次后袖口和腋下大面积起球，客户要求退换。",
             ticket: .complaint, category: "product_quality",
             reply: "您好，经质检确认该批次存在起球问题，我们已为您办理换新，新品将在三个工作日内寄出。",
             resolution: .exchange),
        Case(channel: .wechat, kind: .inquiry, subject: "咨询会员积分到期时间",
             body: "你好，我想问一下我的积分什么时候到期？年底前能不能换购？",
             ticket: .inquiry, category: "membership",
             reply: "您好，您的积分有效期至明年12月31日，年底前可在门店或小程序积分商城兑换，感谢您的关注。",
             resolution: .resolvedExplained),
        Case(channel: .website, kind: .complaint, subject: "网上订单延迟发货",
             body: "下单已经五天了还显示待发货，客服页面说48小时内发货，请尽快处理。",
             ticket: .complaint, category: "delivery",
             reply: "抱歉耽误您的时间，仓库已加急处理，您的包裹今天已发出，我们另赠送您一张20元无门槛券。",
             resolution: .goodwill),
        Case(channel: .app, kind: .inquiry, subject: "App 无法使用优惠券",
             body: "结算时优惠券显示不可用，但券的说明写的是全场通用，麻烦看一下。",
             ticket: .inquiry, category: "app",
             reply: "您好，该券不适用于已打折商品，系统提示不够清楚，我们已反馈给技术团队优化，谢谢您的理解。",
             resolution: .resolvedExplained),
        Case(channel: .store, kind: .complaint, subject: "要求退换尺码不合适的裤子",
             body: "昨天在店里买的西裤尺码偏小，吊牌还在，小票也在，希望换大一码。",
             ticket: .returnOrExchange, category: "exchange",
             reply: "您好，已为您预留大一码，您可凭小票到任意门店更换，也可以选择寄回，我们承担运费。",
             resolution: .exchange),
        Case(channel: .hotline, kind: .complaint, subject: "皮包肩带断裂要求维修",
             body: "三个月前购买的手提包，肩带连接处断开了，还在保修期内，想了解维修流程。",
             ticket: .repair, category: "warranty",
             reply: "您好，该情况属于保修范围，门店已安排免费维修，预计七个工作日完成，完成后会短信通知您取件。",
             resolution: .repair),
        Case(channel: .social, kind: .complaint, subject: "微博反映店员服务态度差",
             body: "顾客在微博发帖称在门店咨询时店员不耐烦、不理人，帖子已有多条转发。",
             ticket: .complaint, category: "store_service",
             reply: "非常抱歉给您带来不愉快的体验，我们已与当班店员及店长沟通并加强培训，期待您再次光临。",
             resolution: .goodwill),
        Case(channel: .wechat, kind: .complaint, subject: "退款迟迟未到账",
             body: "退货已经签收一周了，退款还没到账，能帮我查一下吗？",
             ticket: .complaint, category: "refund",
             reply: "您好，经核实退款因银行处理延迟，已于今日重新发起，预计1-3个工作日到账，给您添麻烦了。",
             resolution: .refund),
        Case(channel: .website, kind: .inquiry, subject: "咨询商品面料成分",
             body: "官网上那款风衣的面料成分没写清楚，请问是否含羊毛？对羊毛过敏。",
             ticket: .inquiry, category: "product_info",
             reply: "您好，该款风衣面料为棉和聚酯纤维，不含羊毛，内衬为涤纶，请放心选购。",
             resolution: .resolvedExplained),
    ]

    /// Contacts that need no ticket: visits, thanks, ideas.
    static let plainCases: [Case] = [
        Case(channel: .store, kind: .visit, subject: "到店试穿新品外套", body: "顾客到店试穿秋冬新款外套，留下了尺码偏好，希望到货时通知。",
             ticket: nil, category: nil, reply: "", resolution: .other),
        Case(channel: .wechat, kind: .feedback, subject: "表扬店员搭配建议专业", body: "上周末店员小李帮我搭配了一整套，很满意，特别来表扬一下。",
             ticket: nil, category: nil, reply: "", resolution: .other),
        Case(channel: .website, kind: .feedback, subject: "建议官网增加尺码对照表", body: "每次网购都要猜尺码，希望每个商品页都有详细的尺码对照表。",
             ticket: nil, category: nil, reply: "", resolution: .other),
        Case(channel: .app, kind: .feedback, subject: "App 新版本体验不错", body: "新版 App 的会员码打开很快，结账方便多了。",
             ticket: nil, category: nil, reply: "", resolution: .other),
        Case(channel: .social, kind: .feedback, subject: "小红书晒单好评", body: "顾客在小红书分享了新买的连衣裙，称赞面料舒服、版型好看。",
             ticket: nil, category: nil, reply: "", resolution: .other),
        Case(channel: .hotline, kind: .inquiry, subject: "咨询门店营业时间", body: "询问国庆期间门店是否正常营业及营业时间。",
             ticket: nil, category: nil, reply: "", resolution: .other),
    ]

    /// Comments customers leave with a survey, by how they scored.
    static let happyComments = ["处理很及时，客服态度很好。", "问题解决得很快，谢谢！", "店员很专业，会继续支持。", "整体体验很满意。"]
    static let unhappyComments = ["等了很久才有人回复，问题也没完全解决。", "退款太慢了，体验很差。"]

    static let csatTemplate = SurveyTemplate(
        name: "服务满意度 CSAT",
        title: .init(zh: "请为本次服务打分", en: "How did we do?"),
        questions: [
            .init(key: "overall", kind: .csat,
                  prompt: .init(zh: "您对本次问题的处理结果满意吗？（1 = 非常不满意，5 = 非常满意）",
                                en: "How satisfied are you with how we handled your request? (1 = very dissatisfied, 5 = very satisfied)")),
            .init(key: "comment", kind: .freeText,
                  prompt: .init(zh: "还有什么想告诉我们的吗？", en: "Is there anything else you would like to tell us?"), required: false),
        ],
        trigger: .onTicketResolved, channel: .sms, validityDays: 14)

    static let npsTemplate = SurveyTemplate(
        name: "购物体验 NPS",
        title: .init(zh: "您会向朋友推荐我们吗？", en: "Would you recommend us to a friend?"),
        questions: [
            .init(key: "recommend", kind: .nps,
                  prompt: .init(zh: "您有多大可能向亲友推荐我们？（0 = 完全不可能，10 = 非常可能）",
                                en: "How likely are you to recommend us to friends or family? (0 = not at all likely, 10 = extremely likely)")),
            .init(key: "mattered", kind: .singleChoice,
                  prompt: .init(zh: "这次购物中，对您最重要的是什么？", en: "What mattered most to you on this visit?"),
                  options: [
                      .init(key: "quality", label: .init(zh: "商品质量", en: "Product quality")),
                      .init(key: "price", label: .init(zh: "价格优惠", en: "Price and offers")),
                      .init(key: "service", label: .init(zh: "店员服务", en: "Staff service")),
                      .init(key: "store", label: .init(zh: "门店环境", en: "The store itself")),
                      .init(key: "delivery", label: .init(zh: "配送速度", en: "Delivery speed")),
                  ]),
            .init(key: "comment", kind: .freeText,
                  prompt: .init(zh: "欢迎留下您的建议。", en: "Any suggestions for us?"), required: false),
        ],
        trigger: .afterPurchase(days: 7), channel: .sms, validityDays: 14)
}
