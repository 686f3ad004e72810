//! A realistic, valid user as the API sends it, unknown properties included.

use contract::json::Value;
use contract::UserRecord;

/// The JSON of a valid user as `GET /api/sys/users/{id}` returns it.
pub fn user_json() -> Value {
    json!({
        "Id": 87654321,
        "UniqueId": "0e9b7a52-8a5e-4c34-9d7c-1f0f3a0f6b11",
        "FullName": "Ada Lovelace",
        "Email": "ada@example.com",
        "Language": 3,
        "PreferredLanguageId": null,
        "ApplicationId": 12,
        "PasswordSalt": "c2FsdHNhbHQ=",
        "Password": "$2a$10$hashhashhash",
        "AccessToken": "tok-secret",
        "TwoFactorSecret": "JBSWY3DPEHPK3PXP",
        "NewPassword": null,
        "NewAvatarUrl": null,
        "ClearAvatarFile": false,
        "AvatarFileName": "ada.png",
        "Active": true,
        "IsAdmin": false,
        "APIAccess": true,
        "Validated": true,
        "MustResetPassword": false,
        "LastHelpVisited": 4,
        "InvalidLoginAttempts": 0,
        "LastAccess": "2019-05-13T23:30:00Z",
        "LastLoginAttempt": "2024-02-29T08:15:30.1234567+02:00",
        "LastReceivedCommunityThreadDate": null,
        "LastReceivedCommunityMessageDate": "2023-11-05 10:00:00",
        "NextCommunityDigest": "/Date(1554321000000)/",
        "NextHelpDeskMessageReminder": null,
        "Devices": "iPhone; Pixel",
        "OnNewEmail": true,
        "OnHelpDeskMsg": true,
        "OnNewWallPost": false,
        "OnNewMember": false,
        "OnProfileChanges": true,
        "OnNewBlogComment": false,
        "OnNewEventComment": false,
        "OnTariffChange": true,
        "OnBookingChange": true,
        "OnTentativeBookingChange": false,
        "OnPurchases": true,
        "OnVisitorRegistration": true,
        "OnPlaformInvoices": true,
        "ReceiveCommunityDigest": true,
        "ReceiveEveryMessage": false,
        "OnAccessControlErrors": false,
        "OnMemberRemovedFromTeam": false,
        "OnVirtualOfficeTariffChange": false,
        "OnVirtualOfficeDeliveryPreferenceUpdate": false,
        "OnIdentityCheckUpdate": false,
        "EmailCallBackGuid": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "SupportTeamUserEmail": null,
        "Businesses": [1, 4, 9],
        "UserRoles": [2],
        "ChatRooms": [],
        "CreatedOn": "2018-01-01T09:00:00Z",
        "UpdatedOn": "2025-01-15T10:30:00.000Z",
        "UpdatedBy": "admin@example.com",
        "IsNew": false,
        "TwoFactorEnabled": true,
        "DefaultBusinessId": 1,
        "ToStringText": "Ada Lovelace",
        "SystemId": null,
        "CustomFields": {"Data": [{"Name": "Shoe size", "Value": 38.5}]},
        "LocalizationDetails": {"Culture": "en-GB", "TimeZone": "GMT Standard Time"},
        "SomethingAddedLater": [1, "two", {"three": 3.25}]
    })
}

/// [`user_json`] as a record.
pub fn user() -> UserRecord {
    match UserRecord::from_value(user_json()) {
        Ok(r) => r,
        Err(e) => panic!("fixture is not an object: {e}"),
    }
}
