import PatronCore
import Testing

struct MobileNumberTests {
    @Test(arguments: ["13812345678", "138 1234 5678", "+86 138-1234-5678", "8613812345678", "0086 13812345678"])
    func mainlandFormsNormaliseToOneIdentifier(raw: String) throws {
        #expect(try MobileNumber(raw).e164 == "+8613812345678")
    }

    @Test func internationalNumbersKeepTheirCountryCode() throws {
        #expect(try MobileNumber("+44 7700 900123").e164 == "+447700900123")
        #expect(try MobileNumber("+8613812345678").lastFour == "5678")
    }

    @Test(arguments: ["", "12345", "1381234567", "+86 12812345678", "+86 1381234567", "phone", "+0123456789"])
    func rejectsWhatIsNotAMobileNumber(raw: String) {
        #expect(throws: PatronError.self) { try MobileNumber(raw) }
        do {
            _ = try MobileNumber(raw)
        } catch {
            #expect(error.field == "mobile")
        }
    }
}
