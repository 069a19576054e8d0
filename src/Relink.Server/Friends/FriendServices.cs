using Relink.Server.Limits;

namespace Relink.Server.Friends;

/// <summary>The services of friend requests and blocking.</summary>
public static class FriendServices
{
    /// <summary>Registers the friend-request throttle (configured by <c>Relink:Limits</c>).</summary>
    public static IServiceCollection AddRelinkFriends(this IServiceCollection services) =>
        services.AddSingleton<FriendRequestThrottle>();
}
