import Foundation
@testable import PatronCore
import Testing

/// Every suppression rule on its own, the order in which they apply, and the acceptance cases of the care issue:
/// no marketing without consent, and the third marketing message in a week held while a receipt still goes.
@Suite struct SuppressionPolicyTests {
    let customer = UUID()
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let newYork = TimeZone(identifier: "America/New_York")!
    let utc = TimeZone(identifier: "UTC")!
    let day: TimeInterval = 86_400

    func at(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    func consent(_ purpose: MessagePurpose, _ channel: OutboundMessage.Channel, granted: Bool, at date: String) throws -> PurposeConsent {
        try PurposeConsent(customerId: customer, purpose: purpose, channel: channel, granted: granted, recordedAt: at(date),
                           source: "store_signup_form", recordedBy: "staff:alice", textVersion: granted ? "2025-01" : nil)
    }

    /// Every purpose granted on every channel, plus `extra` recorded later.
    func consents(except excluded: Set<MessagePurpose> = [], extra: [PurposeConsent] = []) throws -> PurposeConsents {
        var records = extra
        for purpose in MessagePurpose.allCases where !excluded.contains(purpose) {
            for channel in OutboundMessage.Channel.allCases {
                records.append(try consent(purpose, channel, granted: true, at: "2025-01-01T00:00:00Z"))
            }
        }
        return PurposeConsents(customerId: customer, records: records)
    }

    func decide(_ kind: MessageKind, _ purpose: MessagePurpose, at now: Date, channel: OutboundMessage.Channel = .sms,
                recipient: RecipientState? = nil, consents given: PurposeConsents? = nil, history: ContactHistory = ContactHistory(),
                rules: ContactRules = .defaults) throws -> SuppressionDecision {
        SuppressionPolicy(rules: rules).decide(
            MessageCandidate(customerId: customer, channel: channel, purpose: purpose, kind: kind),
            recipient: recipient ?? RecipientState(storeTimeZone: shanghai), consents: try given ?? consents(),
            history: history, now: now)
    }

    // MARK: - Who may be contacted

    @Test func aConsentingCustomerInTheDaytimeGetsTheMessage() throws {
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T14:00:00+08:00")) == .send)
    }

    @Test(arguments: MessagePurpose.allCases)
    func anErasedCustomerGetsNothing(purpose: MessagePurpose) throws {
        let recipient = RecipientState(isErased: true, mergedInto: UUID(), hasAddress: false, storeTimeZone: shanghai)
        #expect(try decide(.receipt, purpose, at: at("2026-03-10T14:00:00+08:00"), recipient: recipient) == .suppress(.customerErased))
    }

    @Test(arguments: MessagePurpose.allCases)
    func aMergedCustomerGetsNothing(purpose: MessagePurpose) throws {
        let recipient = RecipientState(mergedInto: UUID(), hasAddress: false, storeTimeZone: shanghai)
        #expect(try decide(.receipt, purpose, at: at("2026-03-10T14:00:00+08:00"), recipient: recipient) == .suppress(.customerMerged))
    }

    @Test func noAddressForTheChannelSuppresses() throws {
        let recipient = RecipientState(hasAddress: false, storeTimeZone: shanghai)
        #expect(try decide(.receipt, .transactional, at: at("2026-03-10T14:00:00+08:00"), recipient: recipient) == .suppress(.noAddress))
    }

    // MARK: - Consent

    @Test(arguments: [MessagePurpose.marketing, .service])
    func withoutConsentNothingButTransactionalGoes(purpose: MessagePurpose) throws {
        let none = PurposeConsents(customerId: customer, records: [])
        #expect(try decide(.campaign, purpose, at: at("2026-03-10T14:00:00+08:00"), consents: none) == .suppress(.noConsent))
    }

    @Test func marketingConsentOnAnotherChannelDoesNotCount() throws {
        let emailOnly = PurposeConsents(customerId: customer, records: [try consent(.marketing, .email, granted: true, at: "2025-01-01T00:00:00Z")])
        let now = try at("2026-03-10T14:00:00+08:00")
        #expect(try decide(.campaign, .marketing, at: now, channel: .email, consents: emailOnly) == .send)
        #expect(try decide(.campaign, .marketing, at: now, channel: .sms, consents: emailOnly) == .suppress(.noConsent))
    }

    @Test func withdrawalAfterGrantSuppressesAndReGrantRestores() throws {
        let now = try at("2026-03-10T14:00:00+08:00")
        let withdrawn = try consents(extra: [try consent(.marketing, .sms, granted: false, at: "2025-06-01T00:00:00Z")])
        #expect(try decide(.campaign, .marketing, at: now, consents: withdrawn) == .suppress(.consentWithdrawn))
        let regranted = try consents(extra: [try consent(.marketing, .sms, granted: false, at: "2025-06-01T00:00:00Z"),
                                             try consent(.marketing, .sms, granted: true, at: "2025-09-01T00:00:00Z")])
        #expect(try decide(.campaign, .marketing, at: now, consents: regranted) == .send)
    }

    @Test func consentsOfAnotherCustomerCountAsNone() throws {
        let stranger = PurposeConsents(customerId: UUID(), records: [])
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T14:00:00+08:00"), consents: stranger) == .suppress(.noConsent))
    }

    /// Whatever the channel, kind, time, history, rules and other consents, a customer without a marketing grant
    /// in force on the channel is never sent (nor promised) a marketing message.
    @Test func withoutMarketingConsentMarketingNeverGoes() throws {
        let marketingKinds: [MessageKind] = [.campaign, .birthdayGreeting, .festivalGreeting, .invitation, .winBack]
        let lenient = try ContactRules(quietHoursStart: 0, quietHoursEnd: 0, marketingCap: .noCap, quietHoursApplyTo: [])
        let times = try ["2026-03-10T14:00:00+08:00", "2026-03-10T23:30:00+08:00", "2026-12-31T23:59:59Z"].map(at)
        for channel in OutboundMessage.Channel.allCases {
            let otherChannels = OutboundMessage.Channel.allCases.filter { $0 != channel }
            let grantsElsewhere = try otherChannels.map { try consent(.marketing, $0, granted: true, at: "2025-01-01T00:00:00Z") }
            let states: [PurposeConsents] = [
                try consents(except: [.marketing]),
                try consents(except: [.marketing], extra: grantsElsewhere),
                try consents(extra: [try consent(.marketing, channel, granted: false, at: "2025-06-01T00:00:00Z")]),
                PurposeConsents(customerId: customer, records: []),
            ]
            for state in states {
                for kind in marketingKinds {
                    for now in times {
                        for rules in [ContactRules.defaults, lenient] {
                            for history in [ContactHistory(), ContactHistory([.init(purpose: .transactional, kind: .receipt, at: now)])] {
                                let decision = try decide(kind, .marketing, at: now, channel: channel, consents: state, history: history, rules: rules)
                                #expect(decision == .suppress(.noConsent) || decision == .suppress(.consentWithdrawn),
                                        "\(channel) \(kind) \(now): \(decision)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func transactionalNeedsNoConsent() throws {
        let none = PurposeConsents(customerId: customer, records: [])
        #expect(try decide(.receipt, .transactional, at: at("2026-03-10T14:00:00+08:00"), consents: none) == .send)
    }

    @Test func transactionalHonoursAWithdrawalUnlessTheChainTurnsThatOff() throws {
        let now = try at("2026-03-10T14:00:00+08:00")
        let withdrawn = try consents(extra: [try consent(.transactional, .sms, granted: false, at: "2025-06-01T00:00:00Z")])
        #expect(try decide(.receipt, .transactional, at: now, consents: withdrawn) == .suppress(.consentWithdrawn))
        #expect(try decide(.receipt, .transactional, at: now, channel: .email, consents: withdrawn) == .send)
        let lenient = try ContactRules(transactionalHonoursWithdrawal: false)
        #expect(try decide(.receipt, .transactional, at: now, consents: withdrawn, rules: lenient) == .send)
    }

    @Test func aMarketingWithdrawalDoesNotStopAReceipt() throws {
        let withdrawn = try consents(extra: [try consent(.marketing, .sms, granted: false, at: "2025-06-01T00:00:00Z")])
        #expect(try decide(.receipt, .transactional, at: at("2026-03-10T14:00:00+08:00"), consents: withdrawn) == .send)
    }

    // MARK: - Birthday greeting

    @Test func oneBirthdayGreetingAYearAndAgainNextYear() throws {
        let history = ContactHistory([.init(purpose: .marketing, kind: .birthdayGreeting, at: try at("2026-02-01T10:00:00+08:00"))])
        #expect(try decide(.birthdayGreeting, .marketing, at: at("2026-10-01T10:00:00+08:00"), channel: .wechat, history: history)
                    == .suppress(.birthdayAlreadyGreeted))
        #expect(try decide(.festivalGreeting, .marketing, at: at("2026-10-01T10:00:00+08:00"), history: history) == .send)
        #expect(try decide(.birthdayGreeting, .marketing, at: at("2027-01-05T10:00:00+08:00"), history: history) == .send)
    }

    /// Lunar 12/1 fell on 2024-01-11 and again on 2024-12-31 (lunar-python 1.4.8): both greetings go, though
    /// they fall in one Gregorian year; a re-run ten days after the second does not.
    @Test func eachOccurrenceOfALunarBirthdayIsGreetedOnce() throws {
        let lenient = try ContactRules(quietHoursStart: 0, quietHoursEnd: 0)
        let history = ContactHistory([.init(purpose: .marketing, kind: .birthdayGreeting, at: try at("2024-01-11T10:00:00+08:00"))])
        #expect(try decide(.birthdayGreeting, .marketing, at: at("2024-12-31T10:00:00+08:00"), history: history, rules: lenient) == .send)
        let twice = ContactHistory(history.entries + [.init(purpose: .marketing, kind: .birthdayGreeting, at: try at("2024-12-31T10:00:00+08:00"))])
        #expect(try decide(.birthdayGreeting, .marketing, at: at("2025-01-10T10:00:00+08:00"), history: twice, rules: lenient)
                    == .suppress(.birthdayAlreadyGreeted))
    }

    // MARK: - Frequency cap

    @Test func theThirdMarketingMessageInAWeekIsHeldWhileAReceiptGoes() throws {
        let first = try at("2026-03-04T14:00:00+08:00")
        let history = ContactHistory([.init(purpose: .marketing, kind: .campaign, at: first),
                                      .init(purpose: .marketing, kind: .festivalGreeting, at: try at("2026-03-08T11:00:00+08:00")),
                                      .init(purpose: .transactional, kind: .receipt, at: try at("2026-03-09T11:00:00+08:00"))])
        let now = try at("2026-03-10T15:00:00+08:00")
        let released = first.addingTimeInterval(7 * day)
        #expect(try decide(.campaign, .marketing, at: now, history: history) == .hold(until: released, reason: .frequencyCap))
        #expect(try decide(.receipt, .transactional, at: now, history: history) == .send)
        #expect(try decide(.campaign, .marketing, at: released.addingTimeInterval(-1), history: history)
                    == .hold(until: released, reason: .frequencyCap))
        #expect(try decide(.campaign, .marketing, at: released, history: history) == .send)
    }

    @Test func messagesOutsideTheWindowOrOfOtherPurposesDoNotCount() throws {
        let now = try at("2026-03-10T15:00:00+08:00")
        let history = ContactHistory([.init(purpose: .marketing, kind: .campaign, at: now.addingTimeInterval(-7 * day)),
                                      .init(purpose: .marketing, kind: .campaign, at: now.addingTimeInterval(-2 * day)),
                                      .init(purpose: .service, kind: .followUp, at: now.addingTimeInterval(-day)),
                                      .init(purpose: .transactional, kind: .receipt, at: now.addingTimeInterval(-60))])
        #expect(try decide(.campaign, .marketing, at: now, history: history) == .send)
    }

    @Test func queuedMessagesDueLaterAlreadyCount() throws {
        let now = try at("2026-03-10T15:00:00+08:00")
        let queued = now.addingTimeInterval(day)
        let history = ContactHistory([.init(purpose: .marketing, kind: .campaign, at: now.addingTimeInterval(-day)),
                                      .init(purpose: .marketing, kind: .invitation, at: queued)])
        #expect(try decide(.campaign, .marketing, at: now, history: history)
                    == .hold(until: now.addingTimeInterval(6 * day), reason: .frequencyCap))
    }

    @Test func aCapOfZeroSendsNoMarketingButReceiptsStillGo() throws {
        let paused = try ContactRules(marketingCap: .atMost(0, perDays: 7))
        let now = try at("2026-03-10T14:00:00+08:00")
        #expect(try decide(.campaign, .marketing, at: now, rules: paused) == .suppress(.capZero))
        #expect(try decide(.receipt, .transactional, at: now, rules: paused) == .send)
    }

    @Test func noCapLetsFiftyThrough() throws {
        let uncapped = try ContactRules(marketingCap: .noCap)
        var history = ContactHistory()
        let start = try at("2026-03-10T10:00:00+08:00")
        for index in 0..<50 {
            let now = start.addingTimeInterval(TimeInterval(index * 60))
            #expect(try decide(.campaign, .marketing, at: now, history: history, rules: uncapped) == .send)
            history.entries.append(.init(purpose: .marketing, kind: .campaign, at: now))
        }
        #expect(history.entries.count == 50)
    }

    @Test func serviceIsUncappedUnlessTheChainCapsIt() throws {
        let now = try at("2026-03-10T14:00:00+08:00")
        let history = ContactHistory((1...10).map { ContactHistory.Entry(purpose: .service, kind: .followUp, at: now.addingTimeInterval(TimeInterval(-$0 * 3600))) })
        #expect(try decide(.pointsExpiryReminder, .service, at: now, history: history) == .send)
        let capped = try ContactRules(serviceCap: .atMost(3, perDays: 1))
        #expect(try decide(.pointsExpiryReminder, .service, at: now, history: history, rules: capped)
                    == .hold(until: now.addingTimeInterval(-3 * 3600 + day), reason: .frequencyCap))
    }

    @Test func transactionalIsNeverCapped() throws {
        let now = try at("2026-03-10T14:00:00+08:00")
        let history = ContactHistory((1...100).map { ContactHistory.Entry(purpose: .transactional, kind: .receipt, at: now.addingTimeInterval(TimeInterval(-$0 * 60))) }
                                     + [.init(purpose: .marketing, kind: .campaign, at: now.addingTimeInterval(-day)),
                                        .init(purpose: .marketing, kind: .campaign, at: now.addingTimeInterval(-2 * day))])
        let paused = try ContactRules(marketingCap: .atMost(0, perDays: 7), serviceCap: .atMost(0, perDays: 7))
        for rules in [ContactRules.defaults, paused] {
            #expect(try decide(.receipt, .transactional, at: now, history: history, rules: rules) == .send)
            #expect(try decide(.ticketReply, .transactional, at: now, history: history, rules: rules) == .send)
        }
    }

    // MARK: - Quiet hours

    /// The customer's zone is unknown and the chain's is UTC, where 23:30 in Shanghai is mid-afternoon: only the
    /// store's zone explains a hold.
    @Test func quietHoursCrossMidnightInTheStoresZone() throws {
        let recipient = RecipientState(storeTimeZone: shanghai, chainTimeZone: utc)
        func decision(_ time: String) throws -> SuppressionDecision {
            try decide(.campaign, .marketing, at: at(time), recipient: recipient)
        }
        let morning = try at("2026-03-11T09:00:00+08:00")
        #expect(try decision("2026-03-10T23:30:00+08:00") == .hold(until: morning, reason: .quietHours))
        #expect(try decision("2026-03-10T21:00:00+08:00") == .hold(until: morning, reason: .quietHours))
        #expect(try decision("2026-03-11T00:00:00+08:00") == .hold(until: morning, reason: .quietHours))
        #expect(try decision("2026-03-11T08:59:59+08:00") == .hold(until: morning, reason: .quietHours))
        #expect(try decision("2026-03-11T09:00:00+08:00") == .send)
        #expect(try decision("2026-03-10T20:59:59+08:00") == .send)
    }

    @Test func theChainsZoneIsTheLastResort() throws {
        let recipient = RecipientState(chainTimeZone: shanghai)
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T15:30:00Z"), recipient: recipient)
                    == .hold(until: try at("2026-03-11T09:00:00+08:00"), reason: .quietHours))
    }

    @Test func theCustomersZoneBeatsTheStores() throws {
        let recipient = RecipientState(timeZone: newYork, storeTimeZone: shanghai)
        // 10:00 in New York, 22:00 in Shanghai.
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T14:00:00Z"), recipient: recipient) == .send)
    }

    /// 2026-03-08: New York's clocks jump from 02:00 EST to 03:00 EDT, so the night is an hour shorter and 09:00
    /// is 13:00 UTC; counting minutes from the offset at the start would give 14:00.
    @Test func aNewYorkCustomerOnTheSpringForwardDay() throws {
        let recipient = RecipientState(timeZone: newYork, storeTimeZone: shanghai)
        let morning = try at("2026-03-08T09:00:00-04:00")
        #expect(try at("2026-03-08T13:00:00Z") == morning)
        for time in ["2026-03-07T22:00:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00"] {
            #expect(try decide(.followUp, .service, at: at(time), recipient: recipient) == .hold(until: morning, reason: .quietHours), "\(time)")
        }
        #expect(try decide(.followUp, .service, at: morning, recipient: recipient) == .send)
    }

    /// 2026-11-01: the clocks fall back from 02:00 EDT to 01:00 EST, so the night is an hour longer.
    @Test func aNewYorkCustomerOnTheFallBackDay() throws {
        let recipient = RecipientState(timeZone: newYork)
        let morning = try at("2026-11-01T09:00:00-05:00")
        for time in ["2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"] {
            #expect(try decide(.campaign, .marketing, at: at(time), recipient: recipient) == .hold(until: morning, reason: .quietHours), "\(time)")
        }
    }

    /// Quiet hours ending at 02:30 on the spring-forward night end when the clock jumps from 02:00 to 03:00.
    @Test func aQuietEndTheClockSkipsIsReachedAtTheJump() throws {
        let rules = try ContactRules(quietHoursStart: 22 * 60, quietHoursEnd: 2 * 60 + 30)
        let recipient = RecipientState(timeZone: newYork)
        let jump = try at("2026-03-08T07:00:00Z")
        #expect(try decide(.campaign, .marketing, at: at("2026-03-08T01:00:00-05:00"), recipient: recipient, rules: rules)
                    == .hold(until: jump, reason: .quietHours))
        #expect(try decide(.campaign, .marketing, at: jump, recipient: recipient, rules: rules) == .send)
    }

    @Test func quietHoursDoNotApplyToTransactional() throws {
        let night = try at("2026-03-10T23:30:00+08:00")
        #expect(try decide(.receipt, .transactional, at: night) == .send)
        #expect(try decide(.ticketReply, .transactional, at: night) == .send)
        #expect(try decide(.followUp, .service, at: night) == .hold(until: try at("2026-03-11T09:00:00+08:00"), reason: .quietHours))
    }

    @Test func quietHoursFollowTheConfiguredPurposes() throws {
        let night = try at("2026-03-10T23:30:00+08:00")
        let marketingOnly = try ContactRules(quietHoursApplyTo: [.marketing])
        #expect(try decide(.followUp, .service, at: night, rules: marketingOnly) == .send)
        let everything = try ContactRules(quietHoursApplyTo: Set(MessagePurpose.allCases))
        #expect(try decide(.receipt, .transactional, at: night, rules: everything)
                    == .hold(until: try at("2026-03-11T09:00:00+08:00"), reason: .quietHours))
    }

    @Test func quietHoursWithinOneDayAndNoneAtAll() throws {
        let lunch = try ContactRules(quietHoursStart: 12 * 60, quietHoursEnd: 14 * 60)
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T12:15:00+08:00"), rules: lunch)
                    == .hold(until: try at("2026-03-10T14:00:00+08:00"), reason: .quietHours))
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T23:30:00+08:00"), rules: lunch) == .send)
        let none = try ContactRules(quietHoursStart: 21 * 60, quietHoursEnd: 21 * 60)
        #expect(try decide(.campaign, .marketing, at: at("2026-03-10T23:30:00+08:00"), rules: none) == .send)
    }

    // MARK: - Order of the rules

    @Test func finalRefusalsComeBeforeDelays() throws {
        let night = try at("2026-03-10T23:30:00+08:00")
        let full = ContactHistory([.init(purpose: .marketing, kind: .birthdayGreeting, at: night.addingTimeInterval(-day)),
                                   .init(purpose: .marketing, kind: .campaign, at: night.addingTimeInterval(-2 * day))])
        let none = PurposeConsents(customerId: customer, records: [])
        #expect(try decide(.birthdayGreeting, .marketing, at: night, recipient: RecipientState(isErased: true, hasAddress: false),
                           consents: none, history: full) == .suppress(.customerErased))
        #expect(try decide(.birthdayGreeting, .marketing, at: night, recipient: RecipientState(hasAddress: false),
                           consents: none, history: full) == .suppress(.noAddress))
        #expect(try decide(.birthdayGreeting, .marketing, at: night, consents: none, history: full) == .suppress(.noConsent))
        #expect(try decide(.birthdayGreeting, .marketing, at: night, history: full) == .suppress(.birthdayAlreadyGreeted))
        #expect(try decide(.campaign, .marketing, at: night, history: full)
                    == .hold(until: night.addingTimeInterval(5 * day), reason: .frequencyCap))
    }

    // MARK: - Rules

    @Test func theDefaultsAreTheDocumentedOnes() throws {
        let rules = ContactRules.defaults
        #expect(try ContactRules() == rules)
        #expect(rules.quietHoursStart == 21 * 60)
        #expect(rules.quietHoursEnd == 9 * 60)
        #expect(rules.marketingCap == .atMost(2, perDays: 7))
        #expect(rules.serviceCap == .noCap)
        #expect(rules.transactionalHonoursWithdrawal)
        #expect(rules.quietHoursApplyTo == [.marketing, .service])
        #expect(rules.cap(for: .transactional) == .noCap)
    }

    @Test func invalidRulesAreRejected() {
        #expect(throws: PatronError.self) { try ContactRules(quietHoursStart: -1) }
        #expect(throws: PatronError.self) { try ContactRules(quietHoursStart: 1440) }
        #expect(throws: PatronError.self) { try ContactRules(quietHoursEnd: 1440) }
        #expect(throws: PatronError.self) { try ContactRules(marketingCap: .atMost(-1, perDays: 7)) }
        #expect(throws: PatronError.self) { try ContactRules(marketingCap: .atMost(101, perDays: 7)) }
        #expect(throws: PatronError.self) { try ContactRules(marketingCap: .atMost(2, perDays: 0)) }
        #expect(throws: PatronError.self) { try ContactRules(marketingCap: .atMost(2, perDays: 91)) }
        #expect(throws: PatronError.self) { try ContactRules(serviceCap: .atMost(2, perDays: 0)) }
        #expect(throws: PatronError.self) { try ContactRules(serviceCap: .atMost(200, perDays: 7)) }
    }

    @Test func boundaryRulesAreAccepted() throws {
        _ = try ContactRules(quietHoursStart: 0, quietHoursEnd: 1439, marketingCap: .atMost(0, perDays: 1), serviceCap: .atMost(100, perDays: 90))
    }

    @Test func rulesRoundTripThroughJSONAndMissingKeysTakeDefaults() throws {
        let rules = try ContactRules(quietHoursStart: 22 * 60, marketingCap: .noCap, serviceCap: .atMost(4, perDays: 30),
                                     transactionalHonoursWithdrawal: false, quietHoursApplyTo: [.marketing])
        let data = try JSONEncoder().encode(rules)
        #expect(try JSONDecoder().decode(ContactRules.self, from: data) == rules)
        #expect(try JSONDecoder().decode(ContactRules.self, from: Data("{}".utf8)) == .defaults)
        let partial = Data(#"{"marketingCap":{"kind":"at_most","count":0,"perDays":7}}"#.utf8)
        #expect(try JSONDecoder().decode(ContactRules.self, from: partial).marketingCap == .atMost(0, perDays: 7))
    }

    @Test func invalidRulesAreRejectedWhenDecoded() {
        for json in [#"{"quietHoursStart":1440}"#, #"{"marketingCap":{"kind":"at_most","count":2,"perDays":0}}"#,
                     #"{"serviceCap":{"kind":"unlimited"}}"#] {
            #expect(throws: DecodingError.self, "\(json)") { try JSONDecoder().decode(ContactRules.self, from: Data(json.utf8)) }
        }
    }
}
