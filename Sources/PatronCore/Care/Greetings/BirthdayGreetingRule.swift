/// When a birthday greeting goes out. Checked on creation and on decoding, so a rule in force is one the
/// schedule can apply.
public struct BirthdayGreetingRule: Sendable, Equatable, Codable {
    public let enabled: Bool
    /// At most 30, so that a greeting carrying a birthday coupon can arrive in time for a store visit without
    /// reading like an unrelated campaign.
    public let daysBefore: Int

    public static let daysBeforeRange = 0...30

    public static let defaults = BirthdayGreetingRule(unchecked: true, daysBefore: 0)

    public init(enabled: Bool = true, daysBefore: Int = 0) throws(PatronError) {
        guard Self.daysBeforeRange.contains(daysBefore) else {
            throw .invalid(field: "daysBefore", message: "a birthday greeting goes out 0 to 30 days before the birthday")
        }
        self.init(unchecked: enabled, daysBefore: daysBefore)
    }

    private init(unchecked enabled: Bool, daysBefore: Int) {
        self.enabled = enabled
        self.daysBefore = daysBefore
    }

    /// Looks at the birthday `daysBefore` days ahead rather than at `day` itself, so that a greeting for
    /// 2 January sent five days early is found in the December before.
    public func isDue(_ birthday: CustomerBirthday, on day: CalendarDay) -> Bool {
        guard enabled, let target = day.shifted(byDays: daysBefore) else { return false }
        return birthday.occurrences(inYear: target.year).contains(target)
    }

    /// Searches three Gregorian years because a late-twelfth-month lunar birthday can skip one entirely.
    public func nextDue(_ birthday: CustomerBirthday, onOrAfter day: CalendarDay) -> CalendarDay? {
        guard enabled, let target = day.shifted(byDays: daysBefore) else { return nil }
        for year in target.year...target.year + 2 {
            if let next = birthday.occurrences(inYear: year).first(where: { $0 >= target }) {
                return next.shifted(byDays: -daysBefore)
            }
        }
        return nil
    }

    private enum CodingKeys: String, CodingKey { case enabled, daysBefore }

    /// A missing key takes its default, so a chain's settings name only what they change.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(enabled: try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? Self.defaults.enabled,
                          daysBefore: try container.decodeIfPresent(Int.self, forKey: .daysBefore) ?? Self.defaults.daysBefore)
        } catch let error as PatronError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
}
