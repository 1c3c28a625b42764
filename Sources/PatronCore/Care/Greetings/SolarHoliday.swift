/// A holiday kept on the same Gregorian day every year (元旦, 国庆节, a chain's anniversary), as opposed to the
/// festivals that follow the lunar calendar.
public struct SolarHoliday: Sendable, Hashable, Codable {
    public let month: Int
    public let day: Int
    public let nameZh: String
    public let nameEn: String

    public static let maxNameLength = 40

    public static let newYearsDay = SolarHoliday(unchecked: 1, day: 1, nameZh: "元旦", nameEn: "New Year's Day")
    public static let nationalDay = SolarHoliday(unchecked: 10, day: 1, nameZh: "国庆节", nameEn: "National Day")

    /// 29 February is refused: a yearly greeting that comes one year in four is a mistake, not a holiday.
    public init(month: Int, day: Int, nameZh: String, nameEn: String, field: String = "solarHoliday") throws(PatronError) {
        guard (1...12).contains(month) else { throw .invalid(field: "\(field).month", message: "a holiday month is 1 to 12") }
        guard (1...ServiceDate.daysIn(month: month, year: 2001)).contains(day) else {
            throw .invalid(field: "\(field).day", message: "\(month)/\(day) is not a day that comes every year")
        }
        try Validate.text(nameZh, field: "\(field).nameZh", maxLength: Self.maxNameLength)
        try Validate.text(nameEn, field: "\(field).nameEn", maxLength: Self.maxNameLength)
        self.init(unchecked: month, day: day, nameZh: nameZh, nameEn: nameEn)
    }

    private init(unchecked month: Int, day: Int, nameZh: String, nameEn: String) {
        self.month = month
        self.day = day
        self.nameZh = nameZh
        self.nameEn = nameEn
    }

    private enum CodingKeys: String, CodingKey { case month, day, nameZh, nameEn }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(month: try container.decode(Int.self, forKey: .month), day: try container.decode(Int.self, forKey: .day),
                          nameZh: try container.decode(String.self, forKey: .nameZh),
                          nameEn: try container.decode(String.self, forKey: .nameEn),
                          field: decoder.codingPath.map(\.stringValue).joined(separator: "."))
        } catch let error as PatronError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
}
