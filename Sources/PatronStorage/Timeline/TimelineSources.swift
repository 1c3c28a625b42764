import Foundation
import PatronCore

/// Every module's timeline source, by the kind it gives. A module adds its line here; the timeline service
/// and the API learn of it from this one list.
public enum TimelineSources {
    public static func standard(database: Database, cipher: FieldCipher) -> [TimelineEntry.Kind: any TimelineSource] {
        var sources: [TimelineEntry.Kind: any TimelineSource] = [:]
        sources[.order] = OrderTimelineSource(database: database)
        sources[.orderReturn] = ReturnTimelineSource(database: database)
        sources[.points] = PointsTimelineSource(database: database)
        sources[.tier] = TierTimelineSource(database: database)
        sources[.interaction] = SQLInteractionTimeline(database)
        sources[.ticket] = SQLTicketTimeline(database)
        sources[.surveyAnswer] = SurveyTimelineSource(database)
        return sources
    }
}
