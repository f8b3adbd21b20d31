using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Studio.Data.Users;

namespace Studio.Web.Account;

/// <summary>Password hashing (ASP.NET Core Identity's PBKDF2 format) and generated passwords.</summary>
public sealed class StudioPasswords
{
    /// <summary>Shorter passwords are refused when an admin sets one.</summary>
    public const int MinimumLength = 8;

    private readonly PasswordHasher<StudioUser> _hasher = new();

    public string Hash(StudioUser user, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _hasher.HashPassword(user, password);
    }

    public bool Verify(StudioUser user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.PasswordHash) || string.IsNullOrEmpty(password))
        {
            return false;
        }
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>A readable random password (no 0/O, 1/l/I) for first runs and resets.</summary>
    public static string Generate(int length = 14)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    /// <summary>Why a password an admin typed is not acceptable, or null when it is.</summary>
    public static string? Problem(string? password) =>
        string.IsNullOrEmpty(password) ? "empty"
        : password.Length < MinimumLength ? "short"
        : null;
}
