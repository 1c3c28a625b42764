/// Which festivals a chain greets on. Lunar festival dates are derived from the lunar calendar each time, never
/// stored per year, so the rule stays right for every year 1900…2100 without anyone typing dates in.
public struct FestivalGreetingRule: Sendable, Equatable, Codable {
    public let chineseFestivals: Set<ChineseFestival>
    /// In the chain's order, which is also the order of `festivals(on:)` after the lunar festivals.
    public let solarHolidays: [SolarHoliday]

    public static let maxSolarHolidays = 20

    public static let defaults = FestivalGreetingRule(unchecked: Set(ChineseFestival.allCases), solarHolidays: [.newYearsDay, .nationalDay])

    /// Two holidays on one day are refused because the customer would get two greetings that day.
    public init(chineseFestivals: Set<ChineseFestival> = Set(ChineseFestival.allCases),
                solarHolidays: [SolarHoliday] = [.newYearsDay, .nationalDay]) throws(PatronError) {
        guard solarHolidays.count <= Self.maxSolarHolidays else {
            throw .invalid(field: "solarHolidays", message: "at most \(Self.maxSolarHolidays) solar holidays can be greeted")
        }
        var seen: Set<[Int]> = []
        for (index, holiday) in solarHolidays.enumerated() where !seen.insert([holiday.month, holiday.day]).inserted {
            throw .invalid(field: "solarHolidays[\(index)]", message: "another solar holiday is already on \(holiday.month)/\(holiday.day)")
        }
        self.init(unchecked: chineseFestivals, solarHolidays: solarHolidays)
    }

    private init(unchecked chineseFestivals: Set<ChineseFestival>, solarHolidays: [SolarHoliday]) {
        self.chineseFestivals = chineseFestivals
        self.solarHolidays = solarHolidays
    }

    /// Lunar festivals first, in `ChineseFestival` order, then solar holidays; a day can hold both (Mid-Autumn
    /// was 1 October in 2020), and which greeting wins is the sender's choice. Both lunar years that reach into
    /// the day's Gregorian year are consulted, so a festival late in the twelfth month would be found as well.
    public func festivals(on day: CalendarDay) -> [Festival] {
        let lunar = ChineseFestival.allCases.filter { festival in
            chineseFestivals.contains(festival) && [day.year - 1, day.year].contains { lunarYear in
                festival.date(inLunarYear: lunarYear).map { $0 == (day.year, day.month, day.day) } ?? false
            }
        }
        let solar = solarHolidays.filter { $0.month == day.month && $0.day == day.day }
        return lunar.map(Festival.chinese) + solar.map(Festival.solar)
    }

    private enum CodingKeys: String, CodingKey { case chineseFestivals, solarHolidays }

    /// A missing key takes its default; festivals are written by their raw names so the settings file reads
    /// `"mid_autumn"`, and an unknown name is an error rather than silently dropped.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var festivals = Self.defaults.chineseFestivals
        if let names = try container.decodeIfPresent([String].self, forKey: .chineseFestivals) {
            festivals = []
            for name in names {
                guard let festival = ChineseFestival(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(forKey: .chineseFestivals, in: container,
                                                           debugDescription: "'\(name.prefix(40))' is not a known festival")
                }
                festivals.insert(festival)
            }
        }
        let holidays = try container.decodeIfPresent([SolarHoliday].self, forKey: .solarHolidays) ?? Self.defaults.solarHolidays
        do {
            try self.init(chineseFestivals: festivals, solarHolidays: holidays)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ChineseFestival.allCases.filter(chineseFestivals.contains).map(\.rawValue), forKey: .chineseFestivals)
        try container.encode(solarHolidays, forKey: .solarHolidays)
    }
}
