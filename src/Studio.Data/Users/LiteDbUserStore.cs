using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Users;

public sealed class LiteDbUserStore : IUserStore
{
    internal const string CollectionName = "studio_users";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<StudioUser> _users;

    public LiteDbUserStore(StudioDatabase db, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _time = time ?? TimeProvider.System;
        _users = db.Collection<StudioUser>(CollectionName);
    }

    public Task<StudioUser?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var name = StudioUser.NormalizeName(userName);
        return Task.FromResult(name.Length == 0 ? null : _users.FindById(name));
    }

    public Task<IReadOnlyList<StudioUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StudioUser> list = [.. _users.FindAll().OrderBy(u => u.UserName, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_users.Count());

    public async Task<StudioUser> CreateAsync(StudioUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.UserName = StudioUser.NormalizeName(user.UserName);
        ArgumentException.ThrowIfNullOrEmpty(user.UserName, nameof(user));
        ArgumentException.ThrowIfNullOrEmpty(user.Role, nameof(user));
        var created = await _db.WriteAsync(() =>
        {
            if (_users.FindById(user.UserName) is not null)
            {
                return false;
            }
            var now = _time.GetUtcNow();
            user.CreatedAt = now;
            user.UpdatedAt = now;
            if (user.SecurityStamp.Length == 0)
            {
                user.SecurityStamp = Guid.NewGuid().ToString("N");
            }
            _users.Insert(user);
            return true;
        }).ConfigureAwait(false);
        return created ? user : throw new UserExistsException(user.UserName);
    }

    public Task<StudioUser?> UpdateAsync(string userName, Action<StudioUser> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var name = StudioUser.NormalizeName(userName);
        return _db.WriteAsync(() =>
        {
            var user = _users.FindById(name);
            if (user is null)
            {
                return null;
            }
            change(user);
            user.UserName = name;
            user.UpdatedAt = _time.GetUtcNow();
            _users.Update(user);
            return (StudioUser?)user;
        });
    }
}
