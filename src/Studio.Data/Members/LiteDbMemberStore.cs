using LiteDB;
using Studio.Core.Members;
using Studio.Data.Privacy;
using Studio.Data.Storage;

namespace Studio.Data.Members;

public sealed class LiteDbMemberStore : IMemberStore
{
    internal const string CollectionName = "members";
    private readonly StudioDatabase _db;
    private readonly PersonalDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<Member> _members;

    public LiteDbMemberStore(StudioDatabase db, PersonalDataProtector? protector = null, TimeProvider? time = null)
    {
        _db = db;
        _protector = protector ?? PersonalDataProtector.None;
        _time = time ?? TimeProvider.System;
        _members = db.Collection<Member>(CollectionName, c =>
        {
            c.EnsureIndex(m => m.PhoneHash);
            c.EnsureIndex(m => m.Tier);
            c.EnsureIndex("Tags", "$.Tags[*]");
        });
    }

    public Task<Member> UpsertAsync(MemberInput input, CancellationToken cancellationToken = default)
    {
        Check(input);
        return _db.WriteAsync(() => Upsert(input, _time.GetUtcNow()));
    }

    public async Task<int> UpsertManyAsync(IEnumerable<MemberInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var count = 0;
        foreach (var chunk in inputs.Chunk(500))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var input in chunk)
            {
                Check(input);
            }
            count += await _db.WriteAsync(() =>
            {
                var now = _time.GetUtcNow();
                foreach (var input in chunk)
                {
                    Upsert(input, now);
                }
                return chunk.Length;
            }).ConfigureAwait(false);
        }
        return count;
    }

    private static void Check(MemberInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(input.Id);
    }

    /// <summary>Runs on the writer thread: read, merge and write without a race.</summary>
    private Member Upsert(MemberInput input, DateTimeOffset now)
    {
        var member = _members.FindById(input.Id) ?? new Member { Id = input.Id, CreatedAt = now };
        if (input.Phone is { } phone)
        {
            var normalized = PersonalDataProtector.NormalizePhone(phone);
            member.PhoneMasked = normalized.Length == 0 ? null : MemberProfile.MaskPhone(normalized);
            member.PhoneHash = normalized.Length == 0 ? null : _protector.HashPhone(normalized);
            member.PhoneProtected = normalized.Length == 0 ? null : _protector.EncryptPhone(normalized);
        }
        member.Name = input.Name ?? member.Name;
        member.Surname = input.Surname ?? member.Surname;
        member.Title = input.Title ?? member.Title;
        member.Tier = input.Tier ?? member.Tier;
        member.City = input.City ?? member.City;
        member.Store = input.Store ?? member.Store;
        if (input.Tags is not null)
        {
            member.Tags = [.. input.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)];
        }
        if (input.Attributes is not null)
        {
            member.Attributes = new Dictionary<string, string>(input.Attributes);
        }
        member.UpdatedAt = now;
        _members.Upsert(member);
        return member;
    }

    public Task<Member?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Task.FromResult<Member?>(_members.FindById(id));
    }

    public Task<Member?> FindByPhoneAsync(string phone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var hash = _protector.HashPhone(phone);
        return Task.FromResult(hash is null ? null : _members.FindOne(Query.EQ(nameof(Member.PhoneHash), hash)));
    }

    public Task<Page<Member>> ListAsync(MemberQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // One indexed condition narrows the scan; the others filter in memory (member lists are
        // segment-sized; a PostgreSQL store would do all of it in SQL).
        var tags = query.Tags ?? [];
        IEnumerable<Member> found = query.Tier is not null ? _members.Find(Query.EQ(nameof(Member.Tier), query.Tier))
            : tags.Count > 0 ? _members.Find(BsonExpression.Create("$.Tags[*] ANY = @0", new BsonValue(tags[0])))
            : _members.FindAll();
        if (tags.Count > 0)
        {
            found = found.Where(m => tags.All(m.Tags.Contains));
        }
        var search = query.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            found = found.Where(m => m.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
                || (m.Name?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
                || (m.Surname?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
                || (m.PhoneMasked?.Contains(search, StringComparison.Ordinal) ?? false));
        }
        return Task.FromResult(Cursor.PageOf(found.OrderBy(m => m.Id, StringComparer.Ordinal), query.After, query.Take));
    }

    public Task<Member?> TagAsync(string id, IEnumerable<string> add, IEnumerable<string>? remove = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(add);
        var adding = add.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var removed = new HashSet<string>(remove ?? [], StringComparer.Ordinal);
        return _db.WriteAsync(() =>
        {
            var member = _members.FindById(id);
            if (member is null)
            {
                return null;
            }
            member.Tags = [.. member.Tags.Where(t => !removed.Contains(t)).Concat(adding).Distinct(StringComparer.Ordinal)];
            member.UpdatedAt = _time.GetUtcNow();
            _members.Update(member);
            return member;
        });
    }

    public Task<string?> GetDialNumberAsync(string id, CancellationToken cancellationToken = default)
    {
        var member = _members.FindById(id);
        return Task.FromResult(member?.PhoneProtected is { Length: > 0 } protectedPhone ? _protector.DecryptPhone(protectedPhone) : null);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(() => _members.Delete(id));
}
