using Studio.Data.Storage;

namespace Studio.Data.Members;

public interface IMemberStore
{
    /// <summary>Creates or updates a member (fields given replace stored ones; see <see cref="MemberInput"/>).</summary>
    Task<Member> UpsertAsync(MemberInput input, CancellationToken cancellationToken = default);

    /// <summary>Imports many members (CRM list, CSV) in large transactions; returns how many.</summary>
    Task<int> UpsertManyAsync(IEnumerable<MemberInput> inputs, CancellationToken cancellationToken = default);

    Task<Member?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The member with this phone number (by keyed hash; null without a configured secret).</summary>
    Task<Member?> FindByPhoneAsync(string phone, CancellationToken cancellationToken = default);

    /// <summary>Ordered by id.</summary>
    Task<Page<Member>> ListAsync(MemberQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds and removes tags; returns the member, or null when it does not exist.</summary>
    Task<Member?> TagAsync(string id, IEnumerable<string> add, IEnumerable<string>? remove = null, CancellationToken cancellationToken = default);

    /// <summary>The full number to dial, decrypted; null when none is stored. Only the dialler calls this.</summary>
    Task<string?> GetDialNumberAsync(string id, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
