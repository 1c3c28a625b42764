/// A grid of shaded cells drawn on the server as inline SVG — the RFM grid and the cohort retention triangle.
/// The shade says the size at a glance, the printed figure says it exactly, and a cell with a link drills down
/// to the customers behind it. Empty cells (a triangle's future) are left out rather than drawn as zero.
struct SVGHeatMap {
    struct Cell {
        /// 0...1: how dark the cell is.
        let intensity: Double
        let text: String
        let title: String
        var href: String?
    }

    let rowLabels: [String]
    let columnLabels: [String]
    /// `cells[row][column]`; nil leaves the cell empty.
    let cells: [[Cell?]]
    var cellWidth = 56
    var cellHeight = 30
    var labelWidth = 90
    var headerHeight = 22

    func render(caption: String) -> String {
        let width = labelWidth + cellWidth * max(columnLabels.count, 1)
        let height = headerHeight + cellHeight * max(rowLabels.count, 1)
        let escape = SVGBarChart.escape
        var svg = #"<svg class="chart heatmap" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(caption))" xmlns="http://www.w3.org/2000/svg">"#
        for (column, label) in columnLabels.enumerated() {
            let x = labelWidth + column * cellWidth + cellWidth / 2
            svg += #"<text class="tick" x="\#(x)" y="\#(headerHeight - 7)" text-anchor="middle">\#(escape(label))</text>"#
        }
        for (row, label) in rowLabels.enumerated() {
            let y = headerHeight + row * cellHeight
            svg += #"<text class="tick" x="\#(labelWidth - 6)" y="\#(y + cellHeight / 2 + 4)" text-anchor="end">\#(escape(label))</text>"#
            for (column, cell) in (row < cells.count ? cells[row] : []).enumerated() {
                guard let cell, column < columnLabels.count else { continue }
                let x = labelWidth + column * cellWidth
                let level = Int((min(max(cell.intensity, 0), 1) * 5).rounded())
                var shape = #"<rect class="cell level\#(level)" x="\#(x + 1)" y="\#(y + 1)" width="\#(cellWidth - 2)" height="\#(cellHeight - 2)"><title>\#(escape(cell.title))</title></rect>"#
                shape += #"<text class="cell-text level\#(level)" x="\#(x + cellWidth / 2)" y="\#(y + cellHeight / 2 + 4)" text-anchor="middle">\#(escape(cell.text))</text>"#
                if let href = cell.href {
                    shape = #"<a href="\#(escape(href))">\#(shape)</a>"#
                }
                svg += shape
            }
        }
        return svg + "</svg>"
    }
}
