import Foundation
import PatronCore
import Testing

/// Acceptance 2 of issue 20: 100,000 customers drawn from a BG/NBD process with known parameters, ages up to a
/// year; the maximum-likelihood fit recovers every parameter within 5 %.
@Suite struct BGNBDSimulationTests {
    static let truth = BGNBDParameters(r: 0.24, alpha: 4.4, a: 0.79, b: 2.43)

    @Test func fitRecoversTheGeneratingParameters() throws {
        var simulator = BGNBDSimulator(parameters: Self.truth, seed: 20)
        let summaries = simulator.summaries(count: 100_000, ages: 1...52)
        let groups = WeightedSummary.grouped(summaries)
        #expect(groups.count < summaries.count)
        let fit = try BGNBD.fit(groups)
        #expect(fit.customers == 100_000)
        let (found, truth) = (fit.parameters, Self.truth)
        #expect(abs(found.r / truth.r - 1) < 0.05, "r = \(found.r)")
        #expect(abs(found.alpha / truth.alpha - 1) < 0.05, "α = \(found.alpha)")
        #expect(abs(found.a / truth.a - 1) < 0.05, "a = \(found.a)")
        #expect(abs(found.b / truth.b - 1) < 0.05, "b = \(found.b)")
    }

    @Test func theSameSeedDrawsTheSameCustomers() {
        var first = BGNBDSimulator(parameters: Self.truth, seed: 7)
        var second = BGNBDSimulator(parameters: Self.truth, seed: 7)
        #expect(first.summaries(count: 100, ages: 1...52) == second.summaries(count: 100, ages: 1...52))
    }

    @Test func purchaseTimesAreAscendingWithinTheAge() {
        var simulator = BGNBDSimulator(parameters: .init(r: 2, alpha: 1, a: 1, b: 20), seed: 3)
        for _ in 0..<50 {
            let customer = simulator.drawCustomer()
            let times = simulator.repeatPurchaseTimes(for: customer, age: 26)
            #expect(times == times.sorted())
            #expect(times.allSatisfy { $0 > 0 && $0 <= 26 })
        }
    }

    @Test func gammaGammaRecoversSimulatedSpend() throws {
        let spend = GammaGammaParameters(p: 6.25, q: 3.74, gamma: 15.44)
        var simulator = BGNBDSimulator(parameters: .init(r: 1, alpha: 2, a: 0.8, b: 2.4), spend: spend, seed: 11)
        let fit = try GammaGamma.fit(simulator.summaries(count: 20_000, ages: 26...52))
        #expect(abs(fit.parameters.p / spend.p - 1) < 0.1, "p = \(fit.parameters.p)")
        #expect(abs(fit.parameters.q / spend.q - 1) < 0.1, "q = \(fit.parameters.q)")
        #expect(abs(fit.parameters.gamma / spend.gamma - 1) < 0.1, "γ = \(fit.parameters.gamma)")
    }
}
