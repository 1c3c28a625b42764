import Foundation

/// One person known to the chain, whichever channel they came through. Personal fields (name, mobile,
/// email, birthday, address, notes, WeChat ids) exist in clear only in memory: storage encrypts them and keeps
/// blind indexes for exact lookup. Only fields with a purpose are kept (minimum necessary).
public struct Customer: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var name: String
    public var mobile: MobileNumber?
    public var email: EmailAddress?
    public var gender: Gender
    public var birthday: CalendarDay?
    /// The birthday is a date of the Chinese lunar calendar (greetings follow it each year).
    public var birthdayIsLunar: Bool
    public var address: String?
    public var preferredStoreId: Store.ID?
    public var sourceChannel: SourceChannel
    public var wechatUnionId: String?
    public var wechatOpenId: String?
    public var posMemberNumber: String?
    public var tags: [String]
    public var notes: String?
    /// Extra attributes allowed by the configured schema, e.g. `clothingSize`.
    public var attributes: [String: AttributeValue]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: ID = UUID(), name: String, mobile: MobileNumber?, email: EmailAddress? = nil, gender: Gender = .unspecified,
                birthday: CalendarDay? = nil, birthdayIsLunar: Bool = false, address: String? = nil,
                preferredStoreId: Store.ID? = nil, sourceChannel: SourceChannel, wechatUnionId: String? = nil,
                wechatOpenId: String? = nil, posMemberNumber: String? = nil, tags: [String] = [], notes: String? = nil,
                attributes: [String: AttributeValue] = [:], createdAt: Date = Date(), updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.mobile = mobile
        self.email = email
        self.gender = gender
        self.birthday = birthday
        self.birthdayIsLunar = birthdayIsLunar
        self.address = address
        self.preferredStoreId = preferredStoreId
        self.sourceChannel = sourceChannel
        self.wechatUnionId = wechatUnionId
        self.wechatOpenId = wechatOpenId
        self.posMemberNumber = posMemberNumber
        self.tags = tags
        self.notes = notes
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public enum Gender: String, Hashable, Sendable, CaseIterable, Codable {
        case female, male, other, unspecified
    }

    /// Where the profile was first collected, kept for consent and data-minimisation records.
    public enum SourceChannel: String, Hashable, Sendable, CaseIterable, Codable {
        case store, onlineRegistration = "online_registration", memberRecruitment = "member_recruitment"
        case app, wechatMiniProgram = "wechat_mini_program", marketSurvey = "market_survey"
        case customerFeedback = "customer_feedback", `import`
    }

    /// Checks every field a person or an integration can send, naming the first that is wrong.
    public func validate(today: CalendarDay, schema: CustomerAttributeSchema) throws(PatronError) {
        try Validate.text(name, field: "name", maxLength: 60)
        if let birthday {
            guard birthday <= today else { throw .invalid(field: "birthday", message: "a birthday cannot be in the future") }
            guard birthday.year >= 1900 else { throw .invalid(field: "birthday", message: "a birthday before 1900 is not plausible") }
        }
        if let address { try Validate.text(address, field: "address", maxLength: 300) }
        if let notes { try Validate.text(notes, field: "notes", maxLength: 2_000) }
        for (value, field) in [(wechatUnionId, "wechatUnionId"), (wechatOpenId, "wechatOpenId"), (posMemberNumber, "posMemberNumber")] {
            guard let value else { continue }
            try Validate.text(value, field: field, maxLength: 64)
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                throw .invalid(field: field, message: "\(field) may contain only ASCII letters, digits, '-' and '_'")
            }
        }
        guard tags.count <= 30 else { throw .invalid(field: "tags", message: "at most 30 tags") }
        for (index, tag) in tags.enumerated() { try Validate.text(tag, field: "tags[\(index)]", maxLength: 32) }
        try schema.validate(attributes)
    }

    /// The identifiers that make two profiles the same person.
    public var identifiers: [Identifier] {
        var result: [Identifier] = []
        if let mobile { result.append(.mobile(mobile)) }
        if let email { result.append(.email(email)) }
        if let wechatUnionId { result.append(.wechatUnionId(wechatUnionId)) }
        return result
    }

    public enum Identifier: Hashable, Sendable {
        case mobile(MobileNumber), email(EmailAddress), wechatUnionId(String)

        public var field: String {
            switch self {
            case .mobile: "mobile"
            case .email: "email"
            case .wechatUnionId: "wechatUnionId"
            }
        }

        /// The normalised value the blind index is computed over.
        public var normalised: String {
            switch self {
            case .mobile(let mobile): mobile.e164
            case .email(let email): email.value
            case .wechatUnionId(let id): id
            }
        }
    }
}

/// A date without a time or zone (birthdays), stored as `YYYY-MM-DD`.
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) throws(PatronError) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else {
            throw .invalid(field: "birthday", message: "\(year)-\(month)-\(day) is not a calendar date")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(iso string: String) throws(PatronError) {
        let parts = string.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw .invalid(field: "birthday", message: "expected a date as YYYY-MM-DD, got '\(string)'")
        }
        try self.init(year: y, month: m, day: d)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Today's date where the chain trades (China Standard Time by default), for checks such as
    /// "a birthday cannot be in the future".
    public static func today(in zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return try! CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
