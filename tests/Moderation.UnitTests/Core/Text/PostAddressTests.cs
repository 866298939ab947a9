using Moderation.Core.Text;

namespace Moderation.UnitTests.Core.Text;

public sealed class PostAddressTests
{
    private const string Video = "https://www.youtube.com/watch?v=9bZkp7q19f0";
    private const string Article = "https://news.example.com/2026/11/city-council-votes/";

    [Theory]
    [InlineData(Video, "https://www.youtube.com/watch?v=9bZkp7q19f0&t=2m19s", true)]
    [InlineData(Video, "http://www.youtube.com/watch?v=9bZkp7q19f0&amp;t=2m19s", true)]
    [InlineData(Video, "http://youtu.be/9bZkp7q19f0", true)]
    [InlineData(Video, "https://m.youtube.com/watch?v=9bZkp7q19f0", true)]
    [InlineData(Video, "https://www.youtube.com/watch?v=CevxZvSJLk8", false)]
    [InlineData(Video, "http://youtu.be/CevxZvSJLk8", false)]
    [InlineData(Video, "https://www.youtube.com/user/promo9bZkp7q19f0", false)]
    [InlineData(Article, "https://news.example.com/2026/11/city-council-votes/#comment-12", true)]
    [InlineData(Article, "www.news.example.com/2026/11/city-council-votes", true)]
    [InlineData(Article, "https://news-example-com.cdn.example.net/c/s/news.example.com/2026/11/city-council-votes/amp", true)]
    [InlineData(Article, "https://news.example.com/2026/11/another-story/", false)]
    [InlineData(Article, "https://spam.example.net/cheap-watches", false)]
    public void IsLinkToPost_KnowsThePostByItsAddressOrItsIdentifier(string permalink, string link, bool expected) =>
        Assert.Equal(expected, PostAddress.Parse(permalink)!.IsLinkToPost(link));

    [Fact]
    public void ShortGenericParts_DoNotIdentifyAPost()
    {
        var post = PostAddress.Parse("https://blog.example.com/?p=123")!;

        Assert.True(post.IsLinkToPost("https://blog.example.com/?p=123#respond"));
        Assert.False(post.IsLinkToPost("https://spam.example.net/?p=123"));
        Assert.False(post.IsLinkToPost("https://blog.example.com/?p=124"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a link")]
    [InlineData("ftp://files.example.com/post")]
    [InlineData("/2026/11/relative")]
    public void Parse_WithoutAnHttpAddress_GivesNoPost(string permalink) =>
        Assert.Null(PostAddress.Parse(permalink));
}
