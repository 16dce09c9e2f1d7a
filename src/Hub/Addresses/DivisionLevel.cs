namespace Hub.Addresses;

/// <summary>The administrative level of a division, from the province down to the village.</summary>
public enum DivisionLevel
{
    /// <summary>Nothing resolved.</summary>
    None = 0,

    /// <summary>Province (省), e.g. 浙江省 330000.</summary>
    Province = 1,

    /// <summary>Prefecture-level city (地级市), e.g. 衢州市 330800.</summary>
    City = 2,

    /// <summary>County-level unit (区, 县, 县级市), e.g. 柯城区 330802.</summary>
    County = 3,

    /// <summary>Township-level unit (街道, 镇, 乡), 9-digit code.</summary>
    Township = 4,

    /// <summary>Village-level unit (村委会, 居委会, 社区), 12-digit code.</summary>
    Village = 5,
}
