using LiteDB;
using Studio.Data.Privacy;
using Studio.Data.Storage;

namespace Studio.Data.Compliance;

public sealed class LiteDbDoNotContactList : IDoNotContactList
{
    internal const string CollectionName = "do_not_contact";
    private readonly StudioDatabase _db;
    private readonly PersonalDataProtector _protector;
    private readonly TimeSpan _period;
    private readonly ILiteCollection<DoNotContactEntry> _entries;

    public LiteDbDoNotContactList(StudioDatabase db, PersonalDataProtector? protector = null, TimeSpan? period = null)
    {
        _db = db;
        _protector = protector ?? PersonalDataProtector.None;
        _period = period ?? TimeSpan.FromDays(new StudioDataOptions().DoNotContactDays);
        _entries = db.Collection<DoNotContactEntry>(CollectionName, c => c.EnsureIndex(e => e.Until));
    }

    /// <summary>The listing period used when no end is given.</summary>
    public TimeSpan Period => _period;

    public Task<DoNotContactEntry> AddAsync(string? memberId, string? phone, string reason, DateTimeOffset since, DateTimeOffset? until = null, string? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var phoneHash = PhoneHash(phone);
        if (string.IsNullOrEmpty(memberId) && phoneHash is null)
        {
            throw new ArgumentException(phone is null
                ? "give a member id or a phone number"
                : "a phone number can only be listed with a configured personal-data secret (Studio:Data:SecretKey); give the member id");
        }
        var end = until ?? since + _period;
        if (end <= since)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, "the end must be after the start");
        }
        var keys = Keys(memberId, phoneHash).ToList();
        return _db.WriteAsync(() =>
        {
            DoNotContactEntry? first = null;
            foreach (var key in keys)
            {
                var entry = _entries.FindById(key);
                if (entry is null || entry.Until <= since)
                {
                    entry = new DoNotContactEntry { Id = key, Since = since, Until = end };
                }
                else
                {
                    entry.Until = entry.Until > end ? entry.Until : end;
                }
                entry.MemberId = string.IsNullOrEmpty(memberId) ? entry.MemberId : memberId;
                entry.PhoneHash = phoneHash ?? entry.PhoneHash;
                entry.Reason = reason;
                entry.Source = source ?? entry.Source;
                _entries.Upsert(entry);
                first ??= entry;
            }
            return first!;
        });
    }

    public Task<bool> IsListedAsync(string? memberId, DateTimeOffset now, string? phone = null, CancellationToken cancellationToken = default)
    {
        foreach (var key in Keys(memberId, PhoneHash(phone)))
        {
            if (_entries.FindById(key) is { } entry && entry.IsActive(now))
            {
                return Task.FromResult(true);
            }
        }
        return Task.FromResult(false);
    }

    public Task<IReadOnlyList<DoNotContactEntry>> GetAsync(string? memberId, string? phone = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DoNotContactEntry> found = [.. Keys(memberId, PhoneHash(phone)).Select(k => _entries.FindById(k)).OfType<DoNotContactEntry>()];
        return Task.FromResult(found);
    }

    public Task<int> RemoveAsync(string? memberId, string? phone = null, CancellationToken cancellationToken = default)
    {
        var keys = Keys(memberId, PhoneHash(phone)).ToList();
        return _db.WriteAsync(() => keys.Count(key => _entries.Delete(key)));
    }

    public Task<IReadOnlyList<DoNotContactEntry>> ListActiveAsync(DateTimeOffset now, int take = 1000, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DoNotContactEntry> active = [.. _entries.Find(Query.GT(nameof(DoNotContactEntry.Until), StudioBsonMapper.Time(now)))
            .Where(e => e.IsActive(now))
            .OrderByDescending(e => e.Since)
            .Take(Cursor.Take(take, 100_000))];
        return Task.FromResult(active);
    }

    private string? PhoneHash(string? phone) => string.IsNullOrWhiteSpace(phone) ? null : _protector.HashPhone(phone);

    private static IEnumerable<string> Keys(string? memberId, string? phoneHash)
    {
        if (!string.IsNullOrEmpty(memberId))
        {
            yield return DoNotContactEntry.KeyOfMember(memberId);
        }
        if (phoneHash is not null)
        {
            yield return DoNotContactEntry.KeyOfPhone(phoneHash);
        }
    }
}
