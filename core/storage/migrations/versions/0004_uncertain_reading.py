"""ILL requests keep an ISBN whose check digit fails, as written, and which fields were read uncertainly

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:00:00

`isbn_as_written` (contracts §3) is what the patron typed when the check digit does not match, so staff can see it
and ask; `uncertain_fields` lists the fields the understanding was not sure of (the learned tagger's confidence
below its threshold), shown to staff beside the request.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ill_requests') as batch:
        batch.add_column(sa.Column('isbn_as_written', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('uncertain_fields', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ill_requests') as batch:
        batch.drop_column('uncertain_fields')
        batch.drop_column('isbn_as_written')
