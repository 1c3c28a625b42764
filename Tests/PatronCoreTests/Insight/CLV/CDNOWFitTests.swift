import Foundation
import PatronCore
import Testing

/// Acceptance 1 of issue 20: on the CDNOW sample the fits reproduce the published estimates (FHL 2005:
/// r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; Gamma-Gamma on the 946 repeat buyers: p = 6.25,
/// q = 3.74, γ = 15.44) within 1 %, and the scores match Python lifetimes on the same fit.
@Suite struct CDNOWFitTests {
    static func within(_ value: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        abs(value - expected) <= tolerance * abs(expected)
    }

    @Test func bgnbdMatchesThePublishedEstimates() throws {
        let summaries = try CDNOWData.load()
        #expect(summaries.count == 2_357)
        let fit = try BGNBD.fit(summaries)
        let p = fit.parameters
        #expect(Self.within(p.r, 0.243, 0.01))
        #expect(Self.within(p.alpha, 4.414, 0.01))
        #expect(Self.within(p.a, 0.793, 0.01))
        #expect(Self.within(p.b, 2.426, 0.01))
        #expect(Self.within(fit.logLikelihood, -9_582.4, 0.01))
        #expect(abs(fit.logLikelihood - -9_582.4) < 0.1)
        #expect(fit.customers == 2_357 && fit.skipped == 0)
    }

    @Test func gammaGammaMatchesThePublishedEstimates() throws {
        let fit = try GammaGamma.fit(try CDNOWData.load())
        #expect(fit.customers == 946)
        #expect(fit.skipped == 2_357 - 946)
        #expect(Self.within(fit.parameters.p, 6.25, 0.01))
        #expect(Self.within(fit.parameters.q, 3.74, 0.01))
        #expect(Self.within(fit.parameters.gamma, 15.44, 0.01))
    }

    /// Reference figures from Python lifetimes 0.11.3 (`BetaGeoFitter().fit(x, t_x, T)`,
    /// `GammaGammaFitter().fit(x, zbar)` on the repeat buyers, `customer_lifetime_value(..., time=12,
    /// discount_rate=0.01, freq="W")`), run on this file on 2026-11-25 with lifetimes' own fitted parameters,
    /// which are the ones below.
    static let lifetimesBGNBD = BGNBDParameters(r: 0.24259292827982182, alpha: 4.413532265271819,
                                                a: 0.7928859664406882, b: 2.42575238262586)
    static let lifetimesGammaGamma = GammaGammaParameters(p: 6.248802496075312, q: 3.744588460923114, gamma: 15.44774806492914)

    struct Reference: Sendable {
        var summary: PurchaseSummary
        var alive: Double
        var purchases52: Double
        var spend: Double
        var clv12: Double
    }

    static let references = [
        // ID 1, 6, 100, 3 and 1501 of the CDNOW summary.
        Reference(summary: .init(frequency: 2, recency: 30.43, age: 38.86, averageSpend: 22.35),
                  alive: 0.726609136799059, purchases52: 1.5585837617716687, spend: 24.658616189236472, clv12: 36.27849576362541),
        Reference(summary: .init(frequency: 7, recency: 29.43, age: 38.86, averageSpend: 73.74),
                  alive: 0.6418006393519146, purchases52: 4.199123173565101, spend: 71.46285080453453, clv12: 283.5235925903832),
        Reference(summary: .init(frequency: 1, recency: 23.86, age: 38.29, averageSpend: 26.22),
                  alive: 0.6469884214257884, purchases52: 0.8012121846884039, spend: 28.95165231434206, clv12: 21.886299408210423),
        Reference(summary: .init(frequency: 0, recency: 0, age: 38.86),
                  alive: 1, purchases52: 0.25166572540727083, spend: 0, clv12: 8.344093121809983),
        Reference(summary: .init(frequency: 0, recency: 0, age: 31.14),
                  alive: 1, purchases52: 0.29864567549214516, spend: 0, clv12: 9.905560228576572),
    ]

    @Test(arguments: references)
    func scoresMatchLifetimes(_ reference: Reference) {
        let (bg, gg, s) = (Self.lifetimesBGNBD, Self.lifetimesGammaGamma, reference.summary)
        #expect(Self.within(BGNBD.probabilityAlive(bg, for: s), reference.alive, 1e-9))
        #expect(Self.within(BGNBD.expectedPurchases(bg, over: 52, for: s), reference.purchases52, 1e-9))
        if s.frequency > 0 {
            #expect(Self.within(GammaGamma.expectedAverageSpend(gg, for: s), reference.spend, 1e-9))
        }
        #expect(Self.within(LifetimeValue.value(bgnbd: bg, gammaGamma: gg, for: s, months: 12, monthlyDiscountRate: 0.01),
                            reference.clv12, 1e-9))
    }

    /// lifetimes' `expected_number_of_purchases_up_to_time(52)` for the same parameters.
    @Test func newCustomerExpectationMatchesLifetimes() {
        #expect(Self.within(BGNBD.expectedPurchasesForNewCustomer(Self.lifetimesBGNBD, over: 52), 1.444020769869069, 1e-9))
    }
}
