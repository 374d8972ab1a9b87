//! The demo's comments for the interim report as of August 2022 and the rules for when a
//! comment is required. Some required comments are left out on purpose, so the report shows
//! what is missing.

use rust_decimal::Decimal;

use super::DemoError;
use crate::amount::Amount;
use crate::error::Error;
use crate::period::{Month, ReportKind};
use crate::report::{Comment, CommentRule, Entity, Narratives};

/// The demo narratives: a comment on the social committee's deficit and on effect goal 4;
/// rules requiring comments on deviations beyond 2 % or 2 million kronor, on goals not
/// fulfilled and on red indicators.
///
/// # Errors
/// Never in practice; a test builds them.
pub fn narratives() -> Result<Narratives, DemoError> {
    let as_of: Month = "2022-08".parse()?;
    let comment = |entity, text: &str, author: &str| Comment {
        entity,
        as_of,
        kind: ReportKind::Interim,
        text: text.to_owned(),
        author: author.to_owned(),
    };
    Ok(Narratives {
        comments: vec![
            comment(
                Entity::Unit("SN".parse().map_err(Error::from)?),
                "Underskottet beror på ökade volymer i hemtjänsten och placeringar inom barn och unga.",
                "Socialchef",
            ),
            comment(
                Entity::Goal("EM4".parse()?),
                "Utbildningar och anpassningar kvarstår innan cheferna självständigt arbetar i systemet.",
                "Ekonomidirektör",
            ),
        ],
        rules: vec![
            CommentRule::Deviation {
                percent: Decimal::from(2),
                amount: Amount::from_kronor(2_000_000),
            },
            CommentRule::GoalNotFulfilled,
            CommentRule::RedIndicator,
        ],
    })
}
