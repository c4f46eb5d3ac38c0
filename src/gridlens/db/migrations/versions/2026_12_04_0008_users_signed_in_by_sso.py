"""users.oidc_issuer, oidc_subject and email: users who sign in through OpenID Connect

A single sign-on user is the provider's (issuer, subject), unique together; their e-mail is kept
to be shown. Password users keep NULL in all three.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 17:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oidc_issuer", sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.create_unique_constraint(
            "uq_users_oidc_issuer_oidc_subject", ["oidc_issuer", "oidc_subject"]
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_oidc_issuer_oidc_subject", type_="unique")
        batch_op.drop_column("email")
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("oidc_issuer")
