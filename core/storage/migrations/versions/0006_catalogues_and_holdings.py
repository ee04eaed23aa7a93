"""catalogues: what the library owns, and what other libraries hold

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:19:01

Items get their ISBN, authors, year, call number and shelf location, and `item_words` (the first letters of each
word of their titles and names) through which the items that may be a requested work are found. ILL requests keep
the union catalogue's holdings and where each completed field came from; `catalogue_lookups` is the background
look-ups' durable queue; `holding_offers` remembers that a patron was told "we have it", for their answer.
"""
from alembic import op
import sqlalchemy as sa
import core.storage.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    op.create_table('holding_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patron_id', sa.Integer(), nullable=False),
    sa.Column('work', sa.JSON(), nullable=False),
    sa.Column('barcodes', sa.JSON(), nullable=False),
    sa.Column('hold_offered', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('created_at', core.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', core.storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patron_id'], ['patrons.id'], name=op.f('fk_holding_offers_patron_id_patrons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holding_offers'))
    )
    with op.batch_alter_table('holding_offers', schema=None) as batch_op:
        batch_op.create_index('ix_holding_offers_patron_state', ['patron_id', 'state'], unique=False)

    op.create_table('item_words',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_words_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'word', name=op.f('pk_item_words'))
    )
    with op.batch_alter_table('item_words', schema=None) as batch_op:
        batch_op.create_index('ix_item_words_word', ['word', 'item_id'], unique=False)

    op.create_table('catalogue_lookups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', core.storage.types.UTCDateTime(), nullable=False),
    sa.Column('not_before', core.storage.types.UTCDateTime(), nullable=False),
    sa.Column('claimed_until', core.storage.types.UTCDateTime(), nullable=True),
    sa.Column('finished_at', core.storage.types.UTCDateTime(), nullable=True),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['ill_requests.id'], name=op.f('fk_catalogue_lookups_request_id_ill_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_lookups')),
    sa.UniqueConstraint('request_id', name=op.f('uq_catalogue_lookups_request_id'))
    )
    with op.batch_alter_table('catalogue_lookups', schema=None) as batch_op:
        batch_op.create_index('ix_catalogue_lookups_due', ['state', 'not_before'], unique=False)

    with op.batch_alter_table('ill_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holdings', sa.JSON(), nullable=False, server_default=EMPTY_LIST))
        batch_op.add_column(sa.Column('provenance', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))

    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('isbn', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column('authors', sa.JSON(), nullable=False, server_default=EMPTY_LIST))
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('call_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('location', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_items_isbn'), ['isbn'], unique=False)

    _index_existing_titles()


def _index_existing_titles() -> None:
    """Items loaded before this revision are found by their titles too."""
    from core.domain.titles import search_keys

    connection = op.get_bind()
    items = connection.execute(sa.text("SELECT id, title FROM items")).all()
    rows = [{"item_id": item_id, "word": word} for item_id, title in items for word in sorted(search_keys(title))]
    if rows:
        table = sa.table("item_words", sa.column("item_id", sa.Integer), sa.column("word", sa.String))
        op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_isbn'))
        batch_op.drop_column('location')
        batch_op.drop_column('call_number')
        batch_op.drop_column('year')
        batch_op.drop_column('authors')
        batch_op.drop_column('isbn')

    with op.batch_alter_table('ill_requests', schema=None) as batch_op:
        batch_op.drop_column('provenance')
        batch_op.drop_column('holdings')

    with op.batch_alter_table('catalogue_lookups', schema=None) as batch_op:
        batch_op.drop_index('ix_catalogue_lookups_due')

    op.drop_table('catalogue_lookups')
    with op.batch_alter_table('item_words', schema=None) as batch_op:
        batch_op.drop_index('ix_item_words_word')

    op.drop_table('item_words')
    with op.batch_alter_table('holding_offers', schema=None) as batch_op:
        batch_op.drop_index('ix_holding_offers_patron_state')

    op.drop_table('holding_offers')
