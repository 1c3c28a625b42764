/// A bar chart drawn on the server as inline SVG: no script, no chart library, and it prints. Labels are
/// escaped here because the markup is inserted into the page unescaped.
struct SVGBarChart {
    struct Bar {
        let label: String
        let value: Int64
        let title: String
    }

    let bars: [Bar]
    var width = 720
    var height = 220
    /// Room for the axis labels under the bars.
    let labelBand = 24

    func render(caption: String) -> String {
        let top = max(bars.map(\.value).max() ?? 0, 1)
        let plot = height - labelBand
        let slot = Double(width) / Double(max(bars.count, 1))
        var svg = #"<svg class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(Self.escape(caption))" xmlns="http://www.w3.org/2000/svg">"#
        svg += #"<line class="axis" x1="0" y1="\#(plot)" x2="\#(width)" y2="\#(plot)"/>"#
        for (index, bar) in bars.enumerated() {
            let h = Int((Double(max(bar.value, 0)) / Double(top) * Double(plot - 8)).rounded())
            let x = Int((Double(index) * slot + slot * 0.15).rounded())
            let w = max(Int((slot * 0.7).rounded()), 1)
            svg += #"<rect class="bar" x="\#(x)" y="\#(plot - h)" width="\#(w)" height="\#(h)"><title>\#(Self.escape(bar.title))</title></rect>"#
            if index % 5 == 0 || index == bars.count - 1 {
                svg += #"<text class="tick" x="\#(x + w / 2)" y="\#(height - 6)" text-anchor="middle">\#(Self.escape(bar.label))</text>"#
            }
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
