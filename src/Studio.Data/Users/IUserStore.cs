namespace Studio.Data.Users;

/// <summary>The studio's users (sign-in names, roles, password hashes).</summary>
public interface IUserStore
{
    Task<StudioUser?> GetAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Ordered by name.</summary>
    Task<IReadOnlyList<StudioUser>> ListAsync(CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a user; throws <see cref="UserExistsException"/> when the name is taken.</summary>
    Task<StudioUser> CreateAsync(StudioUser user, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="change"/> to the stored user and saves it; null when there is no such user.</summary>
    Task<StudioUser?> UpdateAsync(string userName, Action<StudioUser> change, CancellationToken cancellationToken = default);
}
