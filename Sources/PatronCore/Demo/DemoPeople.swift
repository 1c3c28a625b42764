/// Realistic people only — Chinese names, unique mainland mobiles, birthdays — for imports and benchmarks
/// at sizes where a whole demo chain with orders would be too slow to generate.
public enum DemoPeople {
    public struct Person: Sendable {
        public var name: String
        public var mobile: String
        public var gender: Customer.Gender
        public var birthday: CalendarDay?
    }

    public static func generate(count: Int, seed: UInt64) -> [Person] {
        var random = SeededGenerator(seed: seed)
        var used = Set<String>()
        var people: [Person] = []
        people.reserveCapacity(count)
        while people.count < count {
            let mobile = DemoCatalogue.mobilePrefixes.randomElement(using: &random)! + String(Int.random(in: 10_000_000..<100_000_000, using: &random))
            guard used.insert(mobile).inserted else { continue }
            let surname = DemoCatalogue.surnames.randomElement(using: &random)!
            let given = (0..<Int.random(in: 1...2, using: &random)).map { _ in DemoCatalogue.givenNameCharacters.randomElement(using: &random)! }
            let birthday = try? CalendarDay(year: Int.random(in: 1960...2004, using: &random), month: Int.random(in: 1...12, using: &random),
                                            day: Int.random(in: 1...28, using: &random))
            people.append(Person(name: surname + given.joined(), mobile: mobile,
                                 gender: random.weighted([(.female, 58), (.male, 38), (.unspecified, 4)]), birthday: birthday))
        }
        return people
    }
}
