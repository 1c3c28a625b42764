import Foundation
import PatronCore
import PatronStorage
import SQLKit

/// Keeps every message a test sends, so the test can follow the link as the customer would.
final class CapturingGateway: MessageGateway, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [OutboundMessage] = []

    func send(_ message: OutboundMessage) async throws -> MessageReceipt {
        lock.withLock { sent.append(message) }
        return MessageReceipt(messageId: message.id, reference: "capture", sentAt: Date())
    }

    var messages: [OutboundMessage] { lock.withLock { sent } }

    /// The token at the end of the last message's link.
    var lastToken: String? { messages.last?.body.split(separator: "/").last.map(String.init) }
}

/// Keeps every `surveyAnswered` notice published, as the tickets module would receive it.
final class AnswerRecorder: DomainEventSubscriber, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [SurveyAnswerNotice] = []

    func handle(_ events: [DomainEvent], on sql: any SQLDatabase) async throws {
        for case .surveyAnswered(let notice) in events { lock.withLock { seen.append(notice) } }
    }

    var notices: [SurveyAnswerNotice] { lock.withLock { seen } }
}

/// A store, a customer with a mobile number who allowed SMS, and the services wired with a capturing
/// gateway and a hand-set job clock.
struct SurveyFixture: Sendable {
    static let system = Caller.system("survey test")
    static let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)

    let database: Database
    let services: PatronServices
    let surveys: SurveyService
    let gateway: CapturingGateway
    let recorder: AnswerRecorder
    let clock: ManualJobClock
    let store: Store
    let customer: Customer

    init(_ database: Database) async throws {
        self.database = database
        let cipher = try await FieldCipher.load(.random(), database: database)
        gateway = CapturingGateway()
        recorder = AnswerRecorder()
        clock = ManualJobClock(Self.start)
        services = try await PatronServices(database: database, cipher: cipher, hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil),
                                            jobTiming: .init(clock: clock), gateway: gateway, publicBaseURL: "https://patron.example/")
        surveys = SurveyService(surveys: SQLSurveyRepository(database, cipher: cipher, events: DomainEvents([SurveyEventSubscriber(), recorder])),
                                customers: SQLCustomerRepository(database, cipher: cipher), gateway: gateway, secrets: RandomSecretIssuer(),
                                publicBaseURL: "https://patron.example")
        store = try await services.stores.create(Store(code: "SV-1", name: "调查店", city: "上海", region: "华东"), by: Self.system, requestId: nil)
        customer = try await Self.customer(services, mobile: "13900139000", consent: true)
    }

    static func customer(_ services: PatronServices, mobile: String, consent: Bool?) async throws -> Customer {
        guard case .created(let customer) = try await services.customers.create(
            CustomerDraft(name: "顾客", mobile: mobile, sourceChannel: .store), upsert: false, by: system, requestId: nil) else {
            throw Failure()
        }
        if let consent {
            _ = try await services.customers.recordConsent(customer.id, channel: .sms, granted: consent, source: "test", by: system, requestId: nil)
        }
        return customer
    }

    static func template(trigger: SurveyTrigger = .manual, channel: OutboundMessage.Channel = .sms) -> SurveyTemplate {
        SurveyTemplate(name: "服务满意度", title: SurveyText(zh: "请评价我们的服务", en: "Rate our service"),
                       questions: [
                           SurveyQuestion(key: "csat", kind: .csat, prompt: SurveyText(zh: "满意吗？", en: "Satisfied?")),
                           SurveyQuestion(key: "nps", kind: .nps, prompt: SurveyText(zh: "会推荐吗？", en: "Recommend us?")),
                           SurveyQuestion(key: "visit", kind: .singleChoice, prompt: SurveyText(zh: "来店原因", en: "Why did you visit?"),
                                          options: [.init(key: "buy", label: SurveyText(zh: "购物", en: "Shopping")),
                                                    .init(key: "repair", label: SurveyText(zh: "维修", en: "Repair"))], required: false),
                           SurveyQuestion(key: "comment", kind: .freeText, prompt: SurveyText(zh: "其他意见", en: "Anything else?"), required: false),
                       ],
                       trigger: trigger, channel: channel)
    }

    /// Invites the customer with a fresh manual template and runs the send job: the token from the message.
    func invitedToken(now: Date = SurveyFixture.start) async throws -> (token: String, template: SurveyTemplate) {
        let template = try await surveys.createTemplate(Self.template(), by: Self.system, now: now)
        _ = try await surveys.invite(customer: customer.id, template: template.id, about: SurveySubject(storeId: store.id), by: Self.system, now: now)
        let report = try await surveys.sendDue(at: now, by: Self.system)
        guard report.sent == 1, let token = gateway.lastToken else { throw Failure() }
        return (token, template)
    }

    struct Failure: Error {}
}
