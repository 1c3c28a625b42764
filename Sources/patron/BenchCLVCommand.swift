import ArgumentParser
import Foundation
import PatronCore

/// Issue 20's lifetime-value benchmark: fit BG/NBD and Gamma-Gamma on the CDNOW summary and score every customer
/// (P(alive), expected purchases in 52 weeks, 12-month CLV at 1 % a month), several times, then the same work in
/// Python lifetimes when it is installed, so the figures come from one machine in one run.
struct BenchCLVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv",
        abstract: "Time fitting and scoring the CDNOW summary in Patron and, when installed, in Python lifetimes.",
        discussion: "Run a release build for figures worth quoting. Python's half runs scripts/bench_clv_lifetimes.py."
    )

    /// The repository this binary was built from: the fixture and the Python script live there.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Option(help: "Summary CSV (ID,x,t_x,T,zbar); the CDNOW fixture in Tests/Fixtures by default.")
    var data: String = repository.appendingPathComponent("Tests/Fixtures/cdnow_customers_summary.csv").path

    @Option(help: "Times to repeat the whole fit and scoring (1–1,000); the median is reported.")
    var repeats: Int = 20

    @Option(help: "Python interpreter that can `import lifetimes`; Python's half is skipped when it cannot.")
    var python: String = "python3"

    func validate() throws {
        guard (1...1_000).contains(repeats) else { throw ValidationError("--repeats is between 1 and 1,000") }
    }

    func run() throws {
        let summaries: [PurchaseSummary]
        do {
            summaries = try PurchaseSummaryCSV.parse(String(contentsOfFile: data, encoding: .utf8))
        } catch let error as PatronError {
            throw CLIError(message: "\(data): \(error.message)")
        } catch {
            throw CLIError(message: "cannot read \(data): \(error.localizedDescription)")
        }
        var times: [Double] = []
        var outcome: Outcome?
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            outcome = try Self.fitAndScore(summaries)
            times.append(seconds(ContinuousClock.now - start))
        }
        guard let outcome else { return }
        let patron = Self.median(times)
        #if DEBUG
        let build = "debug build — not figures to quote"
        #else
        let build = "release build"
        #endif
        let (bg, gg) = (outcome.bgnbd.parameters, outcome.gammaGamma.parameters)
        print("CLV on \(summaries.count) customers from \(data), \(repeats) repeats, \(build)")
        print(String(format: "BG/NBD r %.4f α %.4f a %.4f b %.4f, log-likelihood %.2f (%d iterations)",
                     bg.r, bg.alpha, bg.a, bg.b, outcome.bgnbd.logLikelihood, outcome.bgnbd.iterations))
        print(String(format: "Gamma-Gamma p %.4f q %.4f γ %.4f on %d repeat buyers", gg.p, gg.q, gg.gamma, outcome.gammaGamma.customers))
        print(String(format: "sums: P(alive) %.4f, purchases in 52 weeks %.4f, CLV 12 months %.2f",
                     outcome.sumAlive, outcome.sumPurchases, outcome.sumValue))
        print(String(format: "Patron: median %.3f ms per fit and scoring", patron * 1_000))
        guard let lifetimes = runLifetimes() else { return }
        print(String(format: "lifetimes: median %.3f ms; sums: CLV 12 months %.2f", lifetimes.median * 1_000, lifetimes.sumValue))
        print(String(format: "ratio: Patron is %.1f× faster", lifetimes.median / patron))
    }

    struct Outcome {
        var bgnbd: ModelFit<BGNBDParameters>
        var gammaGamma: ModelFit<GammaGammaParameters>
        var sumAlive = 0.0
        var sumPurchases = 0.0
        var sumValue = 0.0
    }

    /// Everything lifetimes does in the Python half: both fits, then every customer scored one by one.
    static func fitAndScore(_ summaries: [PurchaseSummary]) throws -> Outcome {
        let groups = WeightedSummary.grouped(summaries)
        var outcome: Outcome
        do {
            outcome = Outcome(bgnbd: try BGNBD.fit(groups), gammaGamma: try GammaGamma.fit(groups))
        } catch {
            throw CLIError(message: "the fit failed: \(error)")
        }
        let (bg, gg) = (outcome.bgnbd.parameters, outcome.gammaGamma.parameters)
        for summary in summaries {
            outcome.sumAlive += BGNBD.probabilityAlive(bg, for: summary)
            outcome.sumPurchases += BGNBD.expectedPurchases(bg, over: 52, for: summary)
            outcome.sumValue += LifetimeValue.value(bgnbd: bg, gammaGamma: gg, for: summary, months: 12, monthlyDiscountRate: 0.01)
        }
        return outcome
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Runs the Python half, or says why not and returns nil.
    func runLifetimes() -> (median: Double, sumValue: Double)? {
        guard (try? Self.execute(python, ["-c", "import lifetimes"]))?.status == 0 else {
            print("lifetimes: not measured (`\(python) -c \"import lifetimes\"` failed; pass --python with an interpreter that has it)")
            return nil
        }
        let script = Self.repository.appendingPathComponent("scripts/bench_clv_lifetimes.py").path
        guard let result = try? Self.execute(python, [script, data, String(repeats)]), result.status == 0,
              let line = result.output.split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let median = json["median_seconds"] as? Double, let sum = json["sum_clv_12"] as? Double else {
            print("lifetimes: not measured (\(script) failed)")
            return nil
        }
        return (median, sum)
    }

    static func execute(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
