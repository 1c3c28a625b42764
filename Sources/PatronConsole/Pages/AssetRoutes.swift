import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The one stylesheet and the one script, served by Patron itself (no CDN), cached for a day.
extension Console {
    static let assets: [String: String] = ["console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"]

    func registerAssets<Context: RequestContext>(on group: RouterGroup<Context>) {
        var loaded: [String: ByteBuffer] = [:]
        for name in Self.assets.keys {
            if let url = Renderer.resourcesRoot?.appendingPathComponent("assets/\(name)"), let data = try? Data(contentsOf: url) {
                loaded[name] = ByteBuffer(bytes: data)
            }
        }
        let files = loaded
        group.get("assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let body = files[name], let type = Self.assets[name] else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400"],
                            body: .init(byteBuffer: body))
        }
    }
}
