using LiteDB;

namespace Studio.Data.Storage;

/// <summary>How the stores map their documents to BSON.</summary>
internal static class StudioBsonMapper
{
    public static BsonMapper Create()
    {
        var mapper = new BsonMapper
        {
            // LiteDB's defaults trim strings and turn "" into null: a member's reply must come back as sent.
            TrimWhitespace = false,
            EmptyStringToNull = false,
            EnumAsInteger = false,
        };
        // Times are stored as UTC ticks (Int64): exact to the tick, ordered, range-queryable. They come
        // back as UTC offsets. (BSON dates would keep milliseconds only.)
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonValue(value.UtcTicks),
            bson => new DateTimeOffset(bson.AsInt64, TimeSpan.Zero));
        mapper.Entity<Outcomes.OutcomeEvent>().Id(e => e.EventId, autoId: false);
        return mapper;
    }

    /// <summary>A time as it is stored, for query expressions.</summary>
    public static BsonValue Time(DateTimeOffset value) => new(value.UtcTicks);
}
