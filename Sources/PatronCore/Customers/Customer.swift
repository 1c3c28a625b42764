import Foundation

/// One person known to the chain, whichever channel they came through. Personal fields (`name`, `mobile`,
/// `birthday`) are held in clear only in memory: storage encrypts them and keeps blind indexes for lookup.
public struct Customer: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var name: String
    public var mobile: MobileNumber?
    public var gender: Gender
    public var birthday: CalendarDay?
    public var preferredStoreId: Store.ID?
    public var sourceChannel: SourceChannel
    public var createdAt: Date

    public init(id: ID = UUID(), name: String, mobile: MobileNumber?, gender: Gender = .unspecified,
                birthday: CalendarDay? = nil, preferredStoreId: Store.ID? = nil,
                sourceChannel: SourceChannel, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.mobile = mobile
        self.gender = gender
        self.birthday = birthday
        self.preferredStoreId = preferredStoreId
        self.sourceChannel = sourceChannel
        self.createdAt = createdAt
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

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
