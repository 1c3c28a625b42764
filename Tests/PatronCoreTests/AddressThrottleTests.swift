import Foundation
import PatronCore
import Testing

struct AddressThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func refusesAfterTheAllowanceUntilTheWindowEnds() async throws {
        let throttle = AddressThrottle(.init(failuresAllowed: 2, window: 60, capacity: 10))
        try await throttle.admit("a", now: start)
        try await throttle.admit("a", now: start)
        await #expect(throws: PatronError.tooManyRequests(retryAfterSeconds: 50)) {
            try await throttle.admit("a", now: start.addingTimeInterval(10))
        }
        try await throttle.admit("b", now: start.addingTimeInterval(10))
        try await throttle.admit("a", now: start.addingTimeInterval(60))
    }

    @Test func aSuccessGivesItsSlotBack() async throws {
        let throttle = AddressThrottle(.init(failuresAllowed: 1, window: 60, capacity: 10))
        for _ in 0..<5 {
            try await throttle.admit("a", now: start)
            await throttle.refund("a")
        }
        try await throttle.admit("a", now: start)
        await #expect(throws: PatronError.self) { try await throttle.admit("a", now: start) }
    }

    @Test func theTableStaysWithinItsCapacity() async throws {
        let throttle = AddressThrottle(.init(failuresAllowed: 1, window: 60, capacity: 100))
        for index in 0..<10_000 {
            try await throttle.admit("10.0.\(index / 256).\(index % 256)", now: start.addingTimeInterval(Double(index) / 1_000))
        }
        #expect(await throttle.trackedAddresses <= 100)
        try await throttle.admit("10.0.0.0", now: start.addingTimeInterval(11))
    }
}
