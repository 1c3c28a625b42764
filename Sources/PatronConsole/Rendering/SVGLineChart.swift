/// A line chart drawn on the server as inline SVG, for the NPS trend: values on a fixed −100…100 scale so
/// periods compare at a glance. Labels are escaped here because the markup is inserted unescaped.
struct SVGLineChart {
    struct Point {
        let label: String
        let value: Double
        let title: String
    }

    let points: [Point]
    var width = 640
    var height = 220
    let labelBand = 24
    var range: ClosedRange<Double> = -100...100

    func render(caption: String) -> String {
        let plot = Double(height - labelBand)
        let span = range.upperBound - range.lowerBound
        func y(_ value: Double) -> Int { Int(((range.upperBound - min(max(value, range.lowerBound), range.upperBound)) / span * (plot - 16) + 8).rounded()) }
        let slot = Double(width) / Double(max(points.count, 1))
        func x(_ index: Int) -> Int { Int((Double(index) * slot + slot / 2).rounded()) }
        var svg = #"<svg class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(SVGBarChart.escape(caption))" xmlns="http://www.w3.org/2000/svg">"#
        svg += #"<line class="axis" x1="0" y1="\#(y(0))" x2="\#(width)" y2="\#(y(0))"/>"#
        let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ")
        if points.count > 1 { svg += #"<polyline class="line" points="\#(path)"/>"# }
        let every = max(1, points.count / 8)
        for (index, point) in points.enumerated() {
            svg += #"<circle class="dot" cx="\#(x(index))" cy="\#(y(point.value))" r="3"><title>\#(SVGBarChart.escape(point.title))</title></circle>"#
            if index % every == 0 || index == points.count - 1 {
                svg += #"<text x="\#(x(index))" y="\#(height - 6)" text-anchor="middle">\#(SVGBarChart.escape(point.label))</text>"#
            }
        }
        return svg + "</svg>"
    }
}
