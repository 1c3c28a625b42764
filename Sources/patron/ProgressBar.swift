import Foundation

/// A progress line on standard error with rate and ETA: redrawn in place on a terminal, printed every tenth
/// of the way otherwise (CI logs, files).
struct ProgressBar {
    let total: Int
    let label: String
    let started = ContinuousClock.now
    let interactive = isatty(STDERR_FILENO) != 0
    var lastDecile = -1

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    mutating func update(done: Int, note: String = "") {
        let fraction = min(1, Double(done) / Double(total))
        let elapsed = seconds(ContinuousClock.now - started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "%@ %@ %3.0f%% %d/%d  %.0f/s  ETA %.0fs %@", label, bar, fraction * 100, done, total, rate, eta, note)
        if interactive {
            FileHandle.standardError.write(Data(("\r" + line).utf8))
        } else {
            let decile = Int(fraction * 10)
            guard decile > lastDecile else { return }
            lastDecile = decile
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
