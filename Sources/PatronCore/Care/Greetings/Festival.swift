/// What a festival greeting celebrates, so one greeting job handles lunar festivals and solar holidays alike.
public enum Festival: Sendable, Hashable {
    case chinese(ChineseFestival)
    case solar(SolarHoliday)

    public var nameZh: String {
        switch self {
        case .chinese(let festival): festival.nameZh
        case .solar(let holiday): holiday.nameZh
        }
    }

    public var nameEn: String {
        switch self {
        case .chinese(let festival): festival.nameEn
        case .solar(let holiday): holiday.nameEn
        }
    }
}
